package io.bpmonitor.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmonitor.indexing.AnomalyDocument;

/**
 * What one poll came to: the anomalies to index, the records to dead-letter, how many readings were normal, and the
 * offsets to commit once all of that is durable.
 */
public final class DetectionBatch {

    private final BatchOffsets offsets;
    private final Map<String, AnomalyDocument> anomalies = new LinkedHashMap<>();
    private final Map<String, SourceRecord> anomalySources = new LinkedHashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private int readings;
    private int normal;

    public DetectionBatch(BatchOffsets offsets) {
        this.offsets = offsets;
    }

    void addAnomaly(AnomalyDocument document, SourceRecord source) {
        readings++;
        // the same Observation twice in one poll (a replay) is one document
        anomalies.put(document.observationId(), document);
        anomalySources.put(document.observationId(), source);
    }

    void addNormal() {
        readings++;
        normal++;
    }

    void addDeadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }

    /** Moves a document Elasticsearch refused to the dead letters. */
    public void reject(String observationId, DeadLetters deadLetterFactory, String reason) {
        anomalies.remove(observationId);
        SourceRecord source = anomalySources.remove(observationId);
        deadLetters.add(deadLetterFactory.of(source, reason, "ElasticsearchRejection"));
    }

    public List<AnomalyDocument> anomalies() {
        return List.copyOf(anomalies.values());
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
