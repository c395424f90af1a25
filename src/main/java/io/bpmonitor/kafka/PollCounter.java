package io.bpmonitor.kafka;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts the polls that returned records, per consumer thread: Kafka calls it inside {@code poll()}, on the thread
 * that polls, before the records reach camel-kafka. A record's {@link RecordPosition} takes the count when camel-kafka
 * wraps it, which is before that thread polls again, so the count says which poll returned the record
 * ({@link ReadEpoch}). Set as the consumer's {@code interceptor.classes} by {@link PollCountingClients}.
 */
public final class PollCounter implements ConsumerInterceptor<Object, Object> {

    private static final ThreadLocal<long[]> POLLS = ThreadLocal.withInitial(() -> new long[1]);

    /** Polls that returned records on this thread so far. */
    static long current() {
        return POLLS.get()[0];
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        POLLS.get()[0]++;
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // counts polls only
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}
