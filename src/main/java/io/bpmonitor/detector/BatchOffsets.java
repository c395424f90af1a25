package io.bpmonitor.detector;

import java.util.HashMap;
import java.util.Map;

import io.bpmonitor.kafka.RecordPosition;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets one poll covers, per partition, committed in the poll's Kafka transaction ({@link PollTransactions})
 * once every anomaly in it is indexed. This is the only place the detector commits.
 */
public final class BatchOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(BatchOffsets.class);

    private final Map<TopicPartition, RecordPosition> lowest = new HashMap<>();
    private final Map<TopicPartition, RecordPosition> highest = new HashMap<>();

    void add(RecordPosition position) {
        lowest.merge(position.partition(), position,
                (current, candidate) -> candidate.offset() < current.offset() ? candidate : current);
        highest.merge(position.partition(), position,
                (current, candidate) -> candidate.offset() > current.offset() ? candidate : current);
    }

    /**
     * Sends the consumer back to the start of this batch after a failure, so the next poll reads it again: camel-kafka
     * would otherwise go on with the records after it, and a later commit would skip the failed ones.
     */
    public void rewind() {
        lowest.forEach((partition, position) -> {
            // a partition taken away meanwhile is read again by its new owner, from the last committed offset
            if (position.consumer().assignment().contains(partition)) {
                position.consumer().seek(partition, position.offset());
            }
        });
        if (!lowest.isEmpty()) {
            LOG.warn("Batch failed; partitions {} rewound to re-read it", lowest.keySet());
        }
    }

    /** The consumer that read this batch (its records all come from one consumer), null for an empty batch. */
    public Consumer<?, ?> reader() {
        return lowest.isEmpty() ? null : lowest.values().iterator().next().consumer();
    }

    /** The first offset of the batch per partition: where it was read from. */
    public Map<TopicPartition, Long> firstOffsets() {
        Map<TopicPartition, Long> first = new HashMap<>();
        lowest.forEach((partition, position) -> first.put(partition, position.offset()));
        return first;
    }

    /** The next offset to read per partition, i.e. what a commit writes. */
    public Map<TopicPartition, Long> nextOffsets() {
        Map<TopicPartition, Long> next = new HashMap<>();
        highest.forEach((partition, position) -> next.put(partition, position.offset() + 1));
        return next;
    }

    /**
     * Adds the batch's offsets to the producer's open transaction, fenced by the consumer group generation of the
     * consumer that read them (KIP-447): when the group rebalanced meanwhile (e.g. a long Elasticsearch outage exceeded
     * {@code max.poll.interval.ms}) Kafka refuses them with a {@link org.apache.kafka.clients.consumer.CommitFailedException},
     * and the new owner re-reads the batch from the last committed offset.
     */
    void addTo(Producer<?, ?> transaction) {
        if (highest.isEmpty()) {
            return;
        }
        Consumer<?, ?> consumer = reader();
        // a batch gathered across a rebalance holds records of partitions now read by another consumer: committing
        // them could move that consumer's offsets back, so the batch is refused like a fenced one and read again
        if (!consumer.assignment().containsAll(highest.keySet())) {
            throw new CommitFailedException("partitions " + highest.keySet() + " not all assigned any more");
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets().forEach((partition, next) -> offsets.put(partition, new OffsetAndMetadata(next)));
        transaction.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
    }
}
