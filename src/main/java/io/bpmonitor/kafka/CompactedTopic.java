package io.bpmonitor.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A compacted topic bp-monitor keeps its own state in (the feed's cursors, the alert state): created when missing,
 * and read back whole, {@code read_committed}, when a process starts or takes a partition over. Compaction keeps the
 * latest record per key, so what is read back is bounded by the keys, not by the history.
 */
public final class CompactedTopic {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String topic;
    private final Map<String, Object> kafka;
    private final Map<String, String> configs;

    /**
     * @param kafka   bootstrap servers and security properties of the application's Kafka clients
     * @param configs topic configuration on top of {@code cleanup.policy=compact}, applied when it is created
     */
    public CompactedTopic(String topic, Map<String, Object> kafka, Map<String, String> configs) {
        this.topic = topic;
        this.kafka = Map.copyOf(kafka);
        Map<String, String> all = new HashMap<>(configs);
        all.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        this.configs = Map.copyOf(all);
    }

    public String name() {
        return topic;
    }

    /** Creates the topic with as many partitions as {@code like} has, or adds partitions when it has fewer. */
    public void ensure(String like) throws InterruptedException {
        new PartitionedTopics(kafka).ensure(topic, like, configs);
    }

    /** Reads every partition from its beginning to its end, in order, giving each record to {@code each}. */
    public void readAll(Consumer<ConsumerRecord<String, byte[]>> each) {
        readAll(null, each);
    }

    /** Reads {@code partition} (all when null) from its beginning to its end, in order. */
    public void readAll(Integer partition, Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partition != null ? List.of(new TopicPartition(topic, partition))
                    : consumer.partitionsFor(topic, TIMEOUT).stream()
                            .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end is the last stable offset, before any transaction still open
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the topic " + topic + " was not read to its end in " + TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }

    @Override
    public String toString() {
        return "CompactedTopic[" + topic + "]";
    }
}
