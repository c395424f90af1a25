package io.bpmonitor.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The span in which one consumer's reads follow on from each other. It ends when the consumer group rebalances (the
 * consumer then starts again from the committed offsets) and when the consumer is sent back to its committed offsets
 * ({@link #rereadFromCommitted()}). camel-kafka's batch buffer keeps the records it holds across both, so a batch can
 * hold a record that is also read again: such a record is stale ({@link RecordPosition#stale()}), and handling it would
 * publish its outcome twice.
 *
 * <p>Used by the consumer's own thread only, as the consumer itself.
 */
public final class ReadEpoch {

    private static final Logger LOG = LoggerFactory.getLogger(ReadEpoch.class);

    private final Consumer<?, ?> consumer;
    private final Duration timeout;
    private final AtomicInteger rereads = new AtomicInteger();
    private volatile boolean rereadPending;

    public ReadEpoch(Consumer<?, ?> consumer, Duration timeout) {
        this.consumer = consumer;
        this.timeout = timeout;
    }

    int generation() {
        return consumer.groupMetadata().generationId();
    }

    int rereads() {
        return rereads.get();
    }

    /** A reread that failed (Kafka did not answer): until one succeeds, nothing this consumer reads may be handled. */
    public boolean rereadPending() {
        return rereadPending;
    }

    /**
     * Sends every partition the consumer holds back to its committed offset (the start, where none is), and ends the
     * epoch: every record read before is stale. When Kafka does not answer, the reread stays pending and is tried again
     * by the next caller.
     */
    public void rereadFromCommitted() {
        rereadPending = true;
        try {
            Set<TopicPartition> assigned = consumer.assignment();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned, timeout);
            for (TopicPartition partition : assigned) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset == null) {
                    consumer.seekToBeginning(Set.of(partition));
                } else {
                    consumer.seek(partition, offset.offset());
                }
            }
            rereads.incrementAndGet();
            rereadPending = false;
            LOG.info("Partitions {} read again from their committed offsets", assigned);
        } catch (KafkaException e) {
            LOG.warn("Committed offsets not read ({}); tried again at the next poll", e.getClass().getSimpleName());
        }
    }
}
