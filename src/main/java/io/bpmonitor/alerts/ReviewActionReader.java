package io.bpmonitor.alerts;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the clinicians' actions off the reviews topic for the episode processor, keyed by their patient; a record
 * that is no valid action (only the board's API writes the topic) is passed over with a line saying where and why.
 */
final class ReviewActionReader implements Processor<byte[], byte[], String, ReviewAction> {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewActionReader.class);

    private ProcessorContext<String, ReviewAction> context;

    @Override
    public void init(ProcessorContext<String, ReviewAction> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ReviewAction action;
        try {
            action = record.value() == null ? null : ReviewAction.fromJson(record.value());
        } catch (IllegalArgumentException e) {
            skipped(e.getMessage());
            return;
        }
        if (action == null || !action.problems().isEmpty()) {
            skipped(action == null ? "no value" : String.join("; ", action.problems()));
            return;
        }
        context.forward(new Record<>(action.patientId(), action, record.timestamp()));
    }

    private void skipped(String why) {
        context.recordMetadata().ifPresent(where -> LOG.warn("{}-{}@{} skipped: {}", where.topic(), where.partition(),
                where.offset(), why));
    }
}
