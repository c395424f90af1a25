package io.bpmonitor.detector;

import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.bpmonitor.deadletter.DeadLetter;

/**
 * The detector's second step: a poll's anomalies in one bulk request, sent again in parts when Elasticsearch refuses
 * the request for what it holds ({@link BulkBisection}), and every answer read for whose fault a refusal is
 * ({@link BulkResponseInspector}). Runs on the consumer's thread, which waits for the answer anyway.
 */
public class PollIndexer {

    private final BulkRequests requests;
    private final BulkSender sender;
    private final BulkResponseInspector inspector;
    private final BulkBisection bisection;

    /** @param sender sends one bulk request and returns its items, or throws what the request ended with */
    public PollIndexer(BulkRequests requests, BulkSender sender,
                       BulkResponseInspector inspector, BulkBisection bisection) {
        this.requests = requests;
        this.sender = sender;
        this.inspector = inspector;
        this.bisection = bisection;
    }

    /** @throws Exception anything the cluster or the network answered, for the detector's retry with back-off */
    public IndexedPoll index(ClassifiedPoll poll) throws Exception {
        List<AnomalyDocument> documents = poll.anomalies();
        if (documents.isEmpty() && poll.deletions().isEmpty()) {
            return IndexedPoll.nothingToIndex(poll);
        }
        List<DeadLetter> refused = new ArrayList<>();
        List<BulkResponseItem> items;
        try {
            items = sender.send(requests.operations(documents, poll.deletions()));
        } catch (RuntimeException failure) {
            // returns only for a refusal of what the request holds: worth sending in parts
            inspector.requestFailed(failure);
            items = bisection.sendInParts(poll, refused);
        }
        int indexed = inspector.inspect(items, poll, refused);
        return new IndexedPoll(poll, indexed, refused);
    }
}
