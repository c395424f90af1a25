package io.bpmonitor.alerting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bpmonitor.delivery.PollClassifier;
import io.bpmonitor.delivery.PollClassifier.ReadAgain;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a stretch of a readings partition again, {@code read_committed}, and finds its anomalies as the detector did
 * ({@link PollClassifier#readAgain}): what brings the alert state of the last checkpoint up to the committed offset.
 */
public class CommittedReadings {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> kafka;
    private final PollClassifier classifier;

    /** @param kafka bootstrap servers and security properties of the application's Kafka clients */
    public CommittedReadings(Map<String, Object> kafka, PollClassifier classifier) {
        this.kafka = Map.copyOf(kafka);
        this.classifier = classifier;
    }

    /** The readings from {@code from} up to, not including, {@code to} (what retention left of them). */
    ReadAgain between(TopicPartition partition, long from, long to) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            long start = Math.max(from, consumer.beginningOffsets(List.of(partition), TIMEOUT).get(partition));
            consumer.seek(partition, start);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            // the records up to the committed offset are committed: the position passes them, control records too
            while (consumer.position(partition, TIMEOUT) < to) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(partition + " was not read again up to offset " + to + " in "
                            + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < to && record.value() != null) {
                        records.add(record);
                    }
                }
            }
        }
        return classifier.readAgain(records);
    }
}
