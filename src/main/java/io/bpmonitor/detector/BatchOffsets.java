package io.bpmonitor.detector;

import java.util.HashMap;
import java.util.Map;

import io.bpmonitor.kafka.ReadEpoch;
import io.bpmonitor.kafka.RecordPosition;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets one poll covers, per partition, committed in the poll's Kafka transaction ({@link PollTransactions})
 * once every anomaly in it is indexed. This is the only place the detector commits.
 */
public final class BatchOffsets {

    private final Map<TopicPartition, Long> next = new HashMap<>();
    // every record of a batch comes from one consumer
    private Consumer<?, ?> reader;
    private ReadEpoch epoch;

    void add(RecordPosition position) {
        next.merge(position.partition(), position.offset() + 1, Math::max);
        reader = position.consumer();
        epoch = position.epoch();
    }

    /**
     * Sends the consumer back to its committed offsets after the batch failed, so that it is read again: camel-kafka
     * would otherwise go on with the records after it, and a later commit would skip the failed ones. Every record read
     * before becomes stale, also those camel-kafka still holds for the next batch.
     */
    public void rereadFromCommitted() {
        if (epoch != null) {
            epoch.rereadFromCommitted();
        }
    }

    /** The next offset to read per partition, i.e. what a commit writes. */
    public Map<TopicPartition, Long> nextOffsets() {
        return Map.copyOf(next);
    }

    /**
     * Adds the batch's offsets to the producer's open transaction, fenced by the consumer group generation of the
     * consumer that read them (KIP-447): when the group rebalanced meanwhile (e.g. a long Elasticsearch outage exceeded
     * {@code max.poll.interval.ms}) Kafka refuses them with a {@link org.apache.kafka.clients.consumer.CommitFailedException},
     * and the batch is read again.
     */
    void addTo(Producer<?, ?> transaction) {
        if (next.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        transaction.sendOffsetsToTransaction(offsets, reader.groupMetadata());
    }
}
