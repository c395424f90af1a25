package io.bpmonitor.detector;

import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.bpmonitor.deadletter.DeadLetter;
import io.bpmonitor.deadletter.DeadLetters;

/**
 * A poll's bulk request that Elasticsearch refused as a whole for what it holds
 * ({@link BulkResponseInspector#refusalOfTheRequest}) is sent again in halves until each document at fault stands
 * alone and is dead-lettered (docs/delivery.md). Any other failure of a part ends the attempt as it came, and the
 * poll is retried whole (indexing is idempotent).
 */
public class BulkBisection {

    /** Elasticsearch's reason can quote the document (its id, a value): a dead letter keeps its start. */
    static final int REASON_CHARACTERS = 200;

    private final BulkRequests requests;
    private final BulkSender sender;
    private final DeadLetters deadLetters;

    /** @param sender sends one bulk request and returns its items, or throws what the request ended with */
    public BulkBisection(BulkRequests requests,
                         BulkSender sender,
                         DeadLetters deadLetters) {
        this.requests = requests;
        this.sender = sender;
        this.deadLetters = deadLetters;
    }

    /**
     * @param refused where a document refused alone goes, as a dead letter
     * @return the items of every part Elasticsearch answered, for {@link BulkResponseInspector#inspect}
     */
    public List<BulkResponseItem> sendInParts(ClassifiedPoll poll, List<DeadLetter> refused) {
        // the deletions on their own: a delete refused for what it holds would be the cluster's fault
        List<BulkResponseItem> items = poll.deletions().isEmpty() ? new ArrayList<>()
                : new ArrayList<>(sender.send(requests.operations(List.of(), poll.deletions())));
        List<AnomalyDocument> documents = poll.anomalies();
        int half = documents.size() / 2;
        send(documents.subList(0, half), poll, refused, items);
        send(documents.subList(half, documents.size()), poll, refused, items);
        return items;
    }

    private void send(List<AnomalyDocument> documents, ClassifiedPoll poll, List<DeadLetter> refused,
                      List<BulkResponseItem> items) {
        if (documents.isEmpty()) {
            return;
        }
        try {
            items.addAll(sender.send(requests.operations(documents, List.of())));
        } catch (RuntimeException failure) {
            ElasticsearchException refusal = BulkResponseInspector.refusalOfTheRequest(failure);
            if (refusal == null) {
                throw failure;
            }
            if (documents.size() > 1) {
                int half = documents.size() / 2;
                send(documents.subList(0, half), poll, refused, items);
                send(documents.subList(half, documents.size()), poll, refused, items);
            } else {
                refused.add(poll.refused(documents.get(0).observationId(), deadLetters, "rejected by Elasticsearch ("
                        + refusal.status() + " " + refusal.error().type() + "): " + brief(refusal.error().reason())));
            }
        }
    }

    private static String brief(String reason) {
        return reason == null || reason.length() <= REASON_CHARACTERS ? String.valueOf(reason)
                : reason.substring(0, REASON_CHARACTERS) + "…";
    }
}
