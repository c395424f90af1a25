package io.bpmonitor.delivery;

import org.apache.camel.ExchangeProperty;

/** The last step of a poll: everything in it is indexed or dead-lettered, so its offsets are committed. */
public class BatchCompletion {

    /** Exchange property: the {@link DetectionBatch} being indexed. */
    public static final String BATCH_PROPERTY = "bpBatch";
    /** Exchange property: how many of its anomalies Elasticsearch indexed. */
    public static final String INDEXED_PROPERTY = "bpIndexed";

    private final PipelineCounters counters;

    public BatchCompletion(PipelineCounters counters) {
        this.counters = counters;
    }

    public void complete(@ExchangeProperty(BATCH_PROPERTY) DetectionBatch batch,
                         @ExchangeProperty(INDEXED_PROPERTY) int indexed) {
        batch.offsets().commit();
        counters.batchCompleted(batch.readings() + batch.deadLetters().size(), indexed, batch.deadLetters().size());
    }
}
