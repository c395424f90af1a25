package io.bpmonitor.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where one consumed record sits, with the consumer that read it. camel-kafka attaches one to every record of a batch
 * (header {@code CamelKafkaManualCommit}); {@link BatchOffsets} uses them to commit a whole batch at once.
 */
public final class RecordPosition implements KafkaManualCommit {

    private final Consumer<?, ?> consumer;
    private final TopicPartition partition;
    private final long offset;
    private final Duration commitTimeout;

    public RecordPosition(Consumer<?, ?> consumer, TopicPartition partition, long offset, Duration commitTimeout) {
        this.consumer = consumer;
        this.partition = partition;
        this.offset = offset;
        this.commitTimeout = commitTimeout;
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

    Duration commitTimeout() {
        return commitTimeout;
    }

    /** Commits this record alone; the detector commits whole batches through {@link BatchOffsets} instead. */
    @Override
    public void commit() {
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset + 1)), commitTimeout);
    }
}
