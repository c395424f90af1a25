package io.bpmonitor.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.detector.AnomalyDocument;
import io.bpmonitor.testing.Poll;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The floor under any detector on this machine: the same topic, consumer threads, poll size, poll window and
 * commit-after-bulk contract as the detector, with the detector's work taken out. Nothing is read, classified or
 * serialised: each record's anomaly document was written before the run and is looked up by the record's bytes, then
 * copied into a {@code _bulk} body with its {@code ingested_at} stamped. What this reaches is what the broker, the node
 * and the JVM sharing these cores leave for moving bytes from Kafka into Elasticsearch.
 */
final class BareDetector {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] INGESTED_AT = ",\"ingested_at\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "\"}\n".getBytes(StandardCharsets.UTF_8);

    /** Each anomaly's action line and document, without its closing brace, keyed by the reading's bytes. */
    private final Map<ByteBuffer, byte[]> openDocuments = new HashMap<>();
    private final String brokers;
    private final String elasticsearchUrl;
    private final int maxPollRecords;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    BareDetector(List<ReadingCorpus.Reading> corpus, String index, String brokers, String elasticsearchUrl,
                 int maxPollRecords) throws Exception {
        this.brokers = brokers;
        this.elasticsearchUrl = elasticsearchUrl;
        this.maxPollRecords = maxPollRecords;
        for (ReadingCorpus.Reading reading : corpus) {
            if (reading.isAnomaly()) {
                AnomalyDocument anomaly = reading.anomaly();
                AnomalyDocument unstamped = new AnomalyDocument(anomaly.timestamp(), anomaly.observationId(),
                        anomaly.patientId(), anomaly.deviceId(), anomaly.systolic(), anomaly.diastolic(),
                        anomaly.meanArterialPressure(), anomaly.hypertensionType(), anomaly.grade(),
                        anomaly.severity(), null);
                String source = JSON.writeValueAsString(unstamped);
                String open = "{\"index\":{\"_index\":\"" + index + "\",\"_id\":\"" + reading.id() + "\"}}\n"
                        + source.substring(0, source.length() - 1);
                openDocuments.put(ByteBuffer.wrap(reading.json()), open.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * Drains {@code topic} with {@code threads} consumers of one group until {@code readings} are committed, each poll
     * one bulk.
     *
     * @return readings per second after the first quarter (the detector's "steady" window)
     */
    double drain(String topic, String group, int threads, int readings) throws Exception {
        List<Thread> consumers = start(topic, group, threads, Duration.ZERO, () -> committed.get() < readings);
        waitFor(1);
        waitFor(readings / 4);
        long steadyStart = System.nanoTime();
        long steadyCommitted = committed.get();
        for (Thread consumer : consumers) {
            consumer.join(Duration.ofMinutes(10).toMillis());
        }
        throwIfFailed();
        return (committed.get() - steadyCommitted) / ((System.nanoTime() - steadyStart) / 1e9);
    }

    /**
     * Follows {@code topic} until closed, a bulk when a poll window closes (at {@code maxPollRecords} records or
     * {@code window} after its first record), like the detector's batching consumer.
     */
    AutoCloseable follow(String topic, String group, int threads, Duration window) {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> consumers = start(topic, group, threads, window, running::get);
        return () -> {
            running.set(false);
            for (Thread consumer : consumers) {
                consumer.join(Duration.ofSeconds(30).toMillis());
            }
            throwIfFailed();
        };
    }

    long committed() {
        return committed.get();
    }

    private List<Thread> start(String topic, String group, int threads, Duration window, BooleanSupplier running) {
        List<Thread> consumers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread consumer = new Thread(() -> consume(topic, group, window.toNanos(), running), "bare-detector-" + i);
            consumers.add(consumer);
            consumer.start();
        }
        return consumers;
    }

    private void consume(String topic, String group, long windowNanos, BooleanSupplier running) {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(KafkaBench.rawConsumer(brokers, group, maxPollRecords))) {
            kafka.subscribe(List.of(topic));
            List<byte[]> window = new ArrayList<>();
            long windowStart = 0;
            while (running.getAsBoolean() && failure.get() == null) {
                for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofMillis(50))) {
                    window.add(record.value());
                }
                if (window.isEmpty()) {
                    continue;
                }
                if (windowStart == 0) {
                    windowStart = System.nanoTime();
                }
                if (window.size() < maxPollRecords && System.nanoTime() - windowStart < windowNanos) {
                    continue;
                }
                bulk(window);
                kafka.commitSync();
                committed.addAndGet(window.size());
                window.clear();
                windowStart = 0;
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    private void bulk(List<byte[]> values) throws Exception {
        byte[] ingestedAt = Instant.now().toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream(values.size() * 400);
        for (byte[] value : values) {
            byte[] open = openDocuments.get(ByteBuffer.wrap(value));
            if (open != null) {
                body.writeBytes(open);
                body.writeBytes(INGESTED_AT);
                body.writeBytes(ingestedAt);
                body.writeBytes(END);
            }
        }
        if (body.size() == 0) {
            return;
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(elasticsearchUrl + "/_bulk"))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"errors\":true")) {
            throw new IllegalStateException("bulk failed: " + response.statusCode());
        }
    }

    private void waitFor(long count) throws Exception {
        Poll.until(Duration.ofMinutes(5), () -> {
            throwIfFailed();
            return committed.get() >= count;
        }, count + " readings committed by the bare detector");
    }

    private void throwIfFailed() {
        if (failure.get() != null) {
            throw new IllegalStateException("the bare detector failed", failure.get());
        }
    }
}
