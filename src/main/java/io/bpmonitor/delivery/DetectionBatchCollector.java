package io.bpmonitor.delivery;

import io.bpmonitor.detection.BloodPressureReading;
import io.bpmonitor.indexing.AnomalyDocument;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Gathers the outcome of each record of a poll into one {@link DetectionBatch}: an {@link AnomalyDocument} is to be
 * indexed, a {@link BloodPressureReading} passed the filter untouched (normal), a {@link DeadLetter} is set aside.
 */
public class DetectionBatchCollector implements AggregationStrategy {

    /** The exchange property holding the batch's {@link BatchOffsets}, set before the split. */
    public static final String OFFSETS_PROPERTY = "bpOffsets";

    @Override
    public Exchange aggregate(Exchange aggregated, Exchange record) {
        Exchange target = aggregated == null ? record : aggregated;
        DetectionBatch batch = target.getMessage().getBody() instanceof DetectionBatch existing
                ? existing
                : new DetectionBatch(record.getProperty(OFFSETS_PROPERTY, BatchOffsets.class));
        Object outcome = record.getMessage().getBody();
        if (outcome instanceof AnomalyDocument document) {
            batch.addAnomaly(document, record.getProperty(DeadLetters.SOURCE_PROPERTY, SourceRecord.class));
        } else if (outcome instanceof DeadLetter deadLetter) {
            batch.addDeadLetter(deadLetter);
        } else if (outcome instanceof BloodPressureReading) {
            batch.addNormal();
        } else {
            throw new IllegalStateException("unexpected detector outcome: "
                    + (outcome == null ? "null" : outcome.getClass().getName()));
        }
        target.getMessage().setBody(batch);
        return target;
    }
}
