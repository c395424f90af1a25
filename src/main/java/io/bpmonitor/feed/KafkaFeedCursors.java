package io.bpmonitor.feed;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The feed's cursors on a compacted Kafka topic ({@code BP_FHIR_FEED_CURSOR_TOPIC}), one record per FHIR server keyed
 * by its base URL: durable where the readings are, and the latest record per server survives compaction. The route
 * writes them (after the page's readings are acknowledged); this reads the latest back when the feed starts.
 */
public class KafkaFeedCursors implements FeedCursors {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String topic;
    private final Map<String, Object> kafka;

    /** @param kafka bootstrap servers and security properties of the application's Kafka clients */
    public KafkaFeedCursors(String topic, Map<String, Object> kafka) {
        this.topic = topic;
        this.kafka = Map.copyOf(kafka);
    }

    /** The latest cursor kept for {@code server}, if any; creates the (compacted) topic when it is missing. */
    @Override
    public Optional<FeedCursor> latest(String server) throws InterruptedException {
        ensureTopic();
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            byte[] latest = null;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the cursor topic " + topic + " was not read to its end in " + TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (server.equals(record.key())) {
                        latest = record.value();
                    }
                }
            }
            return latest == null ? Optional.empty() : Optional.of(FeedCursor.fromJson(latest));
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void ensureTopic() throws InterruptedException {
        try (Admin admin = Admin.create(kafka)) {
            if (admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create the cursor topic " + topic + ": " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer in " + TIMEOUT + " about the cursor topic " + topic, e);
        }
    }

    @Override
    public String toString() {
        return "KafkaFeedCursors[" + topic + "]";
    }
}
