package io.bpmonitor.kafka;

import java.time.Duration;

import org.apache.camel.component.kafka.consumer.CommitManager;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;

/**
 * Gives each consumed record a {@link RecordPosition}. Being a factory of our own (not camel-kafka's default ones)
 * makes camel-kafka choose its no-op commit manager: camel-kafka then never commits by itself (not on stop, not on
 * rebalance, not after a failed batch), so an offset is committed only once Elasticsearch has acknowledged the
 * readings it covers.
 */
public final class RecordPositionFactory implements KafkaManualCommitFactory {

    @Override
    public KafkaManualCommit newInstance(CamelExchangePayload exchange, KafkaRecordPayload record,
                                         CommitManager commitManager) {
        return new RecordPosition(exchange.consumer, record.partition, record.recordOffset,
                Duration.ofMillis(record.commitTimeout));
    }
}
