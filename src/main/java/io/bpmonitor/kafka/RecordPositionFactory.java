package io.bpmonitor.kafka;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import org.apache.camel.component.kafka.consumer.CommitManager;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Gives each consumed record a {@link RecordPosition} in its consumer's {@link ReadEpoch}. Being a factory of our own
 * (not camel-kafka's default ones) makes camel-kafka choose its no-op commit manager: camel-kafka then never commits by
 * itself (not on stop, not on rebalance, not after a failed batch), so an offset is committed only once Elasticsearch
 * has acknowledged the readings it covers.
 */
public final class RecordPositionFactory implements KafkaManualCommitFactory {

    // weak: camel-kafka makes a new consumer when it reconnects, and the old one's epoch goes with it
    private final Map<Consumer<?, ?>, ReadEpoch> epochs = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public KafkaManualCommit newInstance(CamelExchangePayload exchange, KafkaRecordPayload record,
                                         CommitManager commitManager) {
        Duration timeout = Duration.ofMillis(record.commitTimeout);
        ReadEpoch epoch = epochs.computeIfAbsent(exchange.consumer, consumer -> new ReadEpoch(consumer, timeout));
        return new RecordPosition(exchange.consumer, record.partition, record.recordOffset, timeout, epoch);
    }
}
