package io.bpmonitor.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.bpmonitor.rules.Classification;
import io.bpmonitor.rules.HypertensionClassifier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * What a consumer with no framework reaches on the same stack: kafka-clients, one thread, Jackson's streaming parser
 * over the fields used ({@link PlainReading}), the anomaly rule, one synchronous {@code _bulk} request per poll of up
 * to {@value #MAX_POLL_RECORDS} records over {@code java.net.http}, and the poll committed once the bulk is
 * acknowledged: the detector's delivery contract without the detector. Its documents are the detector's (the same
 * ids, fields and classification), so the node does the same work for both.
 */
final class PlainConsumer implements AutoCloseable {

    static final int MAX_POLL_RECORDS = 5_000;

    private static final JsonFactory JSON = new JsonFactory();
    private static final HypertensionClassifier CLASSIFIER = new HypertensionClassifier();

    private final Properties consumerProperties;
    private final String topic;
    private final String index;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final HttpRequest.Builder bulk;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private PlainConsumer(String brokers, String topic, String group, String elasticsearchUrl, String index) {
        this.consumerProperties = KafkaBench.rawConsumer(brokers, group, MAX_POLL_RECORDS);
        this.topic = topic;
        this.index = index;
        // only whether any item failed comes back, not a result per document to read through
        this.bulk = HttpRequest.newBuilder(URI.create(elasticsearchUrl + "/_bulk?filter_path=errors"))
                .header("Content-Type", "application/x-ndjson");
        this.thread = new Thread(this::consume, "plain-consumer");
    }

    /** Starts consuming {@code topic} from its beginning as a new member of {@code group}, into {@code index}. */
    static PlainConsumer start(String brokers, String topic, String group, String elasticsearchUrl, String index) {
        PlainConsumer consumer = new PlainConsumer(brokers, topic, group, elasticsearchUrl, index);
        consumer.thread.start();
        return consumer;
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    /**
     * In a JVM of its own, cold like each detector, with the detector's heap cap: the harness's warm JVM would lend the
     * plain side a JIT that had compiled it already. It runs until killed; a failure ends it with status 1.
     */
    static Process startProcess(String brokers, String topic, String group, String elasticsearchUrl, String index,
                                String maxHeap, Path log) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), PlainConsumer.class.getName(),
                brokers, topic, group, elasticsearchUrl, index);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    public static void main(String[] args) throws InterruptedException {
        PlainConsumer consumer = start(args[0], args[1], args[2], args[3], args[4]);
        consumer.thread.join();
        consumer.failure.get().printStackTrace();
        System.exit(1);
    }

    private void consume() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                index(records);
                consumer.commitSync();
            }
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    /** The poll's anomalies in one {@code _bulk} request, acknowledged before this returns. */
    private void index(ConsumerRecords<byte[], byte[]> records) throws IOException, InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(records.count() * 200);
        String ingestedAt = Instant.now().toString();
        try (JsonGenerator json = JSON.createGenerator(body)) {
            json.setRootValueSeparator(null);
            for (ConsumerRecord<byte[], byte[]> record : records) {
                PlainReading reading = PlainReading.parse(JSON, record.value());
                if (ReadingCorpus.isAnomaly(reading.systolic(), reading.diastolic())) {
                    write(json, reading, ingestedAt);
                }
            }
        }
        if (body.size() == 0) {
            return;
        }
        HttpResponse<String> response = http.send(bulk.copy()
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"errors\":false")) {
            throw new IllegalStateException("bulk failed: " + response.statusCode() + " " + response.body());
        }
    }

    /** The action line and the document, as the detector writes them ({@code AnomalyDocument}). */
    private void write(JsonGenerator json, PlainReading reading, String ingestedAt) throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("index");
        json.writeStringField("_index", index);
        json.writeStringField("_id", reading.observationId());
        json.writeEndObject();
        json.writeEndObject();
        json.writeRaw('\n');
        Classification classification = CLASSIFIER.classify(reading.asReading());
        json.writeStartObject();
        json.writeStringField("@timestamp", reading.effectiveAt().toString());
        json.writeStringField("observation_id", reading.observationId());
        json.writeStringField("patient_id", reading.patientId());
        json.writeNumberField("systolic", reading.systolic());
        json.writeNumberField("diastolic", reading.diastolic());
        json.writeNumberField("mean_arterial_pressure", classification.meanArterialPressure());
        json.writeStringField("hypertension_type", classification.type().code());
        json.writeStringField("grade", classification.grade().code());
        json.writeNumberField("severity", classification.severity());
        json.writeStringField("ingested_at", ingestedAt);
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** Stops after the poll in hand; rethrows what stopped the consumer, if anything did. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(30).toMillis());
        if (failure.get() != null) {
            throw new IllegalStateException("the plain consumer failed", failure.get());
        }
    }
}
