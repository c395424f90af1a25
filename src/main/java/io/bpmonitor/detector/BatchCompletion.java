package io.bpmonitor.detector;

import io.bpmonitor.observe.PipelineCounters;

import org.apache.camel.ExchangeProperty;

/**
 * The last step of a poll: every anomaly in it is indexed, so its dead letters, the records it publishes and its
 * offsets are committed in one Kafka transaction ({@link PollTransactions}).
 */
public class BatchCompletion {

    /** Exchange property: the {@link DetectionBatch} being indexed. */
    public static final String BATCH_PROPERTY = "bpBatch";
    /** Exchange property: how many of its anomalies Elasticsearch indexed. */
    public static final String INDEXED_PROPERTY = "bpIndexed";

    private final PipelineCounters counters;
    private final PollTransactions transactions;

    public BatchCompletion(PipelineCounters counters, PollTransactions transactions) {
        this.counters = counters;
        this.transactions = transactions;
    }

    public void complete(@ExchangeProperty(BATCH_PROPERTY) DetectionBatch batch,
                         @ExchangeProperty(INDEXED_PROPERTY) int indexed) {
        if (transactions.commit(batch)) {
            counters.batchCompleted(batch.readings() + batch.deadLetters().size(), indexed, batch.deadLetters().size());
        }
    }
}
