package io.bpmonitor.feed;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.bpmonitor.kafka.CompactedTopic;

/**
 * The feed's cursors on a compacted Kafka topic ({@code BP_FHIR_FEED_CURSOR_TOPIC}), one record per FHIR server keyed
 * by its base URL: durable where the readings are, and the latest record per server survives compaction. The route
 * writes them (after the page's readings are acknowledged); this reads the latest back when the feed starts.
 */
public class KafkaFeedCursors implements FeedCursors {

    private final CompactedTopic topic;

    /** @param kafka bootstrap servers and security properties of the application's Kafka clients */
    public KafkaFeedCursors(String topic, Map<String, Object> kafka) {
        this.topic = new CompactedTopic(topic, kafka, Map.of());
    }

    /** The latest cursor kept for {@code server}, if any; creates the (compacted) topic when it is missing. */
    @Override
    public Optional<FeedCursor> latest(String server) throws InterruptedException {
        topic.ensure(null);
        AtomicReference<byte[]> latest = new AtomicReference<>();
        topic.readAll(record -> {
            if (server.equals(record.key())) {
                latest.set(record.value());
            }
        });
        return Optional.ofNullable(latest.get()).map(FeedCursor::fromJson);
    }

    @Override
    public String toString() {
        return "KafkaFeedCursors[" + topic.name() + "]";
    }
}
