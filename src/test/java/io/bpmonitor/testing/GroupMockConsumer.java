package io.bpmonitor.testing;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/** Kafka's {@link MockConsumer} with what it leaves fixed made movable: the group's generation, and Kafka away. */
public final class GroupMockConsumer extends MockConsumer<Object, Object> {

    private int generation = 1;
    private boolean kafkaAway;

    public GroupMockConsumer() {
        super(OffsetResetStrategy.EARLIEST);
    }

    /** As after the consumer group rebalanced. */
    public void rebalance() {
        generation++;
    }

    public void kafkaAway(boolean away) {
        kafkaAway = away;
    }

    @Override
    public synchronized ConsumerGroupMetadata groupMetadata() {
        return new ConsumerGroupMetadata("bp-monitor", generation, "member-1", Optional.empty());
    }

    @Override
    public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions,
                                                                        Duration timeout) {
        if (kafkaAway) {
            throw new TimeoutException("no answer in " + timeout);
        }
        return super.committed(partitions, timeout);
    }
}
