package io.bpmonitor.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The span in which one consumer's reads follow on from each other. It ends when the consumer group rebalances (the
 * consumer then starts again from the committed offsets) and when the consumer is sent back to its committed offsets
 * ({@link #rereadFromCommitted()}). camel-kafka keeps the records of earlier polls across both, in its batch buffer
 * and in the rest of the poll it is handing over, so a batch can hold a record that is also read again: such a record
 * is stale ({@link RecordPosition#stale()}), and handling it would publish its outcome twice, out of order.
 *
 * <p>Used by the consumer's own thread only, as the consumer itself; the polls are told apart by {@link PollCounter}.
 */
public final class ReadEpoch {

    private static final Logger LOG = LoggerFactory.getLogger(ReadEpoch.class);

    private final Consumer<?, ?> consumer;
    private final Duration timeout;
    /** The last poll whose records are stale: every poll up to the last return to the committed offsets. */
    private long staleThroughPoll = -1;
    private boolean rereadPending;

    public ReadEpoch(Consumer<?, ?> consumer, Duration timeout) {
        this.consumer = consumer;
        this.timeout = timeout;
    }

    int generation() {
        return consumer.groupMetadata().generationId();
    }

    /** Whether a record returned by poll {@code poll} ({@link PollCounter}) was returned before the last reread. */
    boolean polledBeforeReread(long poll) {
        return poll <= staleThroughPoll;
    }

    /** A reread that failed (Kafka did not answer): until one succeeds, nothing this consumer reads may be handled. */
    public boolean rereadPending() {
        return rereadPending;
    }

    /**
     * Sends every partition the consumer holds back to its committed offset (the start, where none is), and ends the
     * epoch: every record of the polls so far is stale, also one camel-kafka hands over after this call. When Kafka does not answer, the reread stays pending and is tried again
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
            staleThroughPoll = PollCounter.current();
            rereadPending = false;
            LOG.info("Partitions {} read again from their committed offsets", assigned);
        } catch (KafkaException e) {
            LOG.warn("Committed offsets not read ({}); tried again at the next poll", e.getClass().getSimpleName());
        }
    }
}
