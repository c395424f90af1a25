package io.bpmonitor.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The floor under any detector on this machine: the same topic, consumer threads, poll size and commit-after-bulk
 * contract as the detector, with the detector's work taken out. Nothing is read, classified or serialised: each
 * record's anomaly document was written before the run and is looked up by the record's bytes, then copied into a
 * {@code _bulk} body. What this reaches is what the broker, the node and the JVM sharing these cores leave for moving
 * bytes from Kafka into Elasticsearch.
 */
final class BareDetector {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<ByteBuffer, byte[]> documentLines = new HashMap<>();

    /** Prepares the bulk source line of every anomaly of the corpus, keyed by the reading's bytes on the topic. */
    BareDetector(List<ReadingCorpus.Reading> corpus, String index) throws Exception {
        for (ReadingCorpus.Reading reading : corpus) {
            if (reading.isAnomaly()) {
                String action = "{\"index\":{\"_index\":\"" + index + "\",\"_id\":\"" + reading.id() + "\"}}\n";
                String source = JSON.writeValueAsString(reading.anomaly()) + "\n";
                documentLines.put(ByteBuffer.wrap(reading.json()), (action + source).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * Drains {@code topic} with {@code threads} consumers of one group until {@code readings} are committed.
     *
     * @return readings per second after the first quarter (the detector's "steady" window)
     */
    double drain(String brokers, String topic, String group, String elasticsearchUrl, int threads, int readings,
                 int maxPollRecords) throws Exception {
        AtomicLong committed = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<Thread> consumers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread consumer = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties(brokers, group, maxPollRecords))) {
                    kafka.subscribe(List.of(topic));
                    while (committed.get() < readings && failure.get() == null) {
                        ConsumerRecords<byte[], byte[]> poll = kafka.poll(Duration.ofMillis(100));
                        if (poll.isEmpty()) {
                            continue;
                        }
                        ByteArrayOutputStream body = new ByteArrayOutputStream(poll.count() * 400);
                        for (ConsumerRecord<byte[], byte[]> record : poll) {
                            byte[] line = documentLines.get(ByteBuffer.wrap(record.value()));
                            if (line != null) {
                                body.writeBytes(line);
                            }
                        }
                        if (body.size() > 0) {
                            bulk(http, elasticsearchUrl, body.toByteArray());
                        }
                        kafka.commitSync();
                        committed.addAndGet(poll.count());
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bare-detector-" + i);
            consumers.add(consumer);
            consumer.start();
        }
        waitFor(committed, failure, 1);
        waitFor(committed, failure, readings / 4);
        long steadyStart = System.nanoTime();
        long steadyCommitted = committed.get();
        for (Thread consumer : consumers) {
            consumer.join(Duration.ofMinutes(10).toMillis());
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the bare detector failed", failure.get());
        }
        return (committed.get() - steadyCommitted) / ((System.nanoTime() - steadyStart) / 1e9);
    }

    private static void waitFor(AtomicLong committed, AtomicReference<Throwable> failure, long count) throws Exception {
        io.bpmonitor.testing.Poll.until(Duration.ofMinutes(5), () -> {
            if (failure.get() != null) {
                throw new IllegalStateException("the bare detector failed", failure.get());
            }
            return committed.get() >= count;
        }, count + " readings committed by the bare detector");
    }

    private static void bulk(HttpClient http, String elasticsearchUrl, byte[] body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(elasticsearchUrl + "/_bulk"))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"errors\":true")) {
            throw new IllegalStateException("bulk failed: " + response.statusCode());
        }
    }

    private static Properties consumerProperties(String brokers, String group, int maxPollRecords) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPollRecords));
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }
}
