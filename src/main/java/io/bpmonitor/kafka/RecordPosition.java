package io.bpmonitor.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where one consumed record sits, with the consumer that read it and the {@link ReadEpoch} it was read in. camel-kafka
 * attaches one to every record of a batch (header {@code CamelKafkaManualCommit}); the detector commits a whole batch at
 * once from them.
 */
public final class RecordPosition implements KafkaManualCommit {

    private final Consumer<?, ?> consumer;
    private final TopicPartition partition;
    private final long offset;
    private final Duration commitTimeout;
    private final ReadEpoch epoch;
    private final int generationAtRead;
    private final long poll;

    /** @param epoch the reading consumer's epoch, null where no epoch is kept (the record is then never stale) */
    public RecordPosition(Consumer<?, ?> consumer, TopicPartition partition, long offset, Duration commitTimeout,
                          ReadEpoch epoch) {
        this.consumer = consumer;
        this.partition = partition;
        this.offset = offset;
        this.commitTimeout = commitTimeout;
        this.epoch = epoch;
        this.generationAtRead = epoch == null ? 0 : epoch.generation();
        this.poll = PollCounter.current();
    }

    public TopicPartition partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public Consumer<?, ?> consumer() {
        return consumer;
    }

    /** The epoch this record was read in, or null. */
    public ReadEpoch epoch() {
        return epoch;
    }

    /** Read before the consumer group last rebalanced: the partition starts again from its committed offset. */
    public boolean readBeforeRebalance() {
        return epoch != null && generationAtRead != epoch.generation();
    }

    /** Read in an epoch that has ended: the record is read again (or by another consumer), and must be left alone. */
    public boolean stale() {
        return epoch != null && (epoch.polledBeforeReread(poll) || readBeforeRebalance() || epoch.rereadPending());
    }

    /** Commits this record alone; the detector commits whole batches instead. */
    @Override
    public void commit() {
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset + 1)), commitTimeout);
    }
}
