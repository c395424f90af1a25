package io.bpmonitor.detector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmonitor.deadletter.DeadLetter;
import io.bpmonitor.deadletter.DeadLetters;
import io.bpmonitor.detector.AnomalyDocument;
import io.bpmonitor.detector.ClassifiedReading;
import io.bpmonitor.kafka.SourceRecord;
import org.apache.kafka.clients.producer.Producer;

/**
 * What one poll came to: the anomalies to index, the records to dead-letter, how many readings were normal, every
 * reading's classification to publish with its offsets, and the offsets to commit once all of that is durable.
 */
public final class DetectionBatch {

    private final BatchOffsets offsets;
    private final Map<String, AnomalyDocument> anomalies = new LinkedHashMap<>();
    private final Map<String, SourceRecord> anomalySources = new LinkedHashMap<>();
    private final List<ClassifiedReading> classified = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private Producer<byte[], byte[]> unfinishedCommit;
    private int readings;
    private int normal;

    public DetectionBatch(BatchOffsets offsets) {
        this.offsets = offsets;
    }

    void addAnomaly(ClassifiedReading reading, AnomalyDocument document, SourceRecord source) {
        readings++;
        classified.add(reading);
        // the same Observation twice in one poll (a replay) is one document
        anomalies.put(document.observationId(), document);
        anomalySources.put(document.observationId(), source);
    }

    void addNormal(ClassifiedReading reading) {
        readings++;
        normal++;
        classified.add(reading);
    }

    void addDeadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }

    /**
     * Moves a document Elasticsearch refused to the dead letters. Its reading stays classified: it was taken, and its
     * patient's alerts must hear of it.
     */
    public void reject(String observationId, DeadLetters deadLetterFactory, String reason) {
        anomalies.remove(observationId);
        SourceRecord source = anomalySources.remove(observationId);
        deadLetters.add(deadLetterFactory.of(source, reason, "ElasticsearchRejection"));
    }

    /** A transaction whose commit timed out: the retry must commit it again, not start another. */
    void leaveUnfinishedCommit(Producer<byte[], byte[]> producer) {
        unfinishedCommit = producer;
    }

    Producer<byte[], byte[]> takeUnfinishedCommit() {
        Producer<byte[], byte[]> producer = unfinishedCommit;
        unfinishedCommit = null;
        return producer;
    }

    public List<AnomalyDocument> anomalies() {
        return List.copyOf(anomalies.values());
    }

    /** Every reading of the poll that could be read, in the order read: published with its offsets. */
    public List<ClassifiedReading> classified() {
        return List.copyOf(classified);
    }

    public List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** Records that parsed as readings, normal or not. */
    public int readings() {
        return readings;
    }

    public int normal() {
        return normal;
    }

    public BatchOffsets offsets() {
        return offsets;
    }
}
