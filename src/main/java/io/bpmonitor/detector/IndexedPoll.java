package io.bpmonitor.detector;

import java.util.ArrayList;
import java.util.List;

import io.bpmonitor.deadletter.DeadLetter;

/**
 * A poll whose anomalies Elasticsearch has taken: how many it indexed, and the documents it refused, now dead letters
 * beside the poll's unreadable records. What the poll's transaction commits ({@link PollTransactions}).
 */
public record IndexedPoll(ClassifiedPoll poll, int indexed, List<DeadLetter> refused) {

    public IndexedPoll {
        refused = List.copyOf(refused);
    }

    /** A poll with no anomaly: nothing to index. */
    static IndexedPoll nothingToIndex(ClassifiedPoll poll) {
        return new IndexedPoll(poll, 0, List.of());
    }

    /** The poll's unreadable records, then the documents Elasticsearch refused. */
    public List<DeadLetter> deadLetters() {
        if (refused.isEmpty()) {
            return poll.deadLetters();
        }
        List<DeadLetter> all = new ArrayList<>(poll.deadLetters());
        all.addAll(refused);
        return all;
    }
}
