package io.bpmonitor.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where the benchmark sees a crisis alert open (docs/alerts.md), keyed by the Observation id of the reading that
 * opened it: searchable in the alert index, and readable on the alert topic by a {@code read_committed} consumer.
 */
final class AlertSightings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertSightings() {
    }

    /** The crisis alerts of the pending readings that a search of {@code alertIndex} returns. */
    static LatencyProbe.Sighting searchable(String elasticsearchUrl, String alertIndex) {
        return LatencyProbe.searches(elasticsearchUrl, alertIndex, AlertSightings::crisisAlertsOf,
                hit -> openingObservations(hit.path("_source")));
    }

    private static String crisisAlertsOf(Set<String> pending) {
        List<String> ids = List.copyOf(pending);
        Map<String, Object> query = Map.of("size", Math.min(10_000, Math.max(1, ids.size())), "_source", List.of("observation_ids"),
                "query", Map.of("bool", Map.of("filter", List.of(
                        Map.of("term", Map.of("kind", "crisis")),
                        Map.of("terms", Map.of("observation_ids", ids))))));
        try {
            return JSON.writeValueAsString(query);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> openingObservations(JsonNode alert) {
        List<String> ids = new ArrayList<>();
        alert.path("observation_ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** A {@code read_committed} reader of {@code topic} from its end now on: the crisis alerts opened from here on. */
    static Published published(String brokers, String topic) {
        return new Published(brokers, topic);
    }

    static final class Published implements LatencyProbe.Sighting, AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;

        private Published(String brokers, String topic) {
            Properties properties = new Properties();
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumer = new KafkaConsumer<>(properties);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        /** Waits up to 100 ms for events; returns as soon as some arrive. */
        @Override
        public Collection<String> look(Set<String> pending) throws Exception {
            List<String> ids = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(LatencyProbe.POLL_MILLIS))) {
                JsonNode alert = JSON.readTree(record.value());
                if ("crisis".equals(alert.path("kind").asText()) && "open".equals(alert.path("status").asText())) {
                    ids.addAll(openingObservations(alert));
                }
            }
            return ids;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
