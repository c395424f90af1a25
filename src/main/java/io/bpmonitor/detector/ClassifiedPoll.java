package io.bpmonitor.detector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bpmonitor.deadletter.DeadLetter;
import io.bpmonitor.deadletter.DeadLetters;
import io.bpmonitor.kafka.ConsumedRecord;

/**
 * What one poll came to once read: the anomalies to index, the records to dead-letter, every reading's classification
 * to publish, and the offsets to commit once all of that is durable. Built once by {@link PollClassifier}, then only
 * read: the indexing step adds what Elasticsearch refused in an {@link IndexedPoll}, and a retry starts from the same
 * value.
 */
public final class ClassifiedPoll {

    private final BatchOffsets offsets;
    private final Map<String, AnomalyDocument> anomalies;
    private final Map<String, ConsumedRecord> anomalySources;
    private final List<ClassifiedReading> classified;
    private final List<DeadLetter> deadLetters;
    private final List<String> deletions;
    private final int readings;

    private ClassifiedPoll(Builder builder) {
        offsets = builder.offsets;
        anomalies = Collections.unmodifiableMap(new LinkedHashMap<>(builder.anomalies));
        anomalySources = Map.copyOf(builder.anomalySources);
        classified = List.copyOf(builder.classified);
        deadLetters = List.copyOf(builder.deadLetters);
        deletions = List.copyOf(builder.deletions);
        readings = builder.readings;
    }

    /** The documents to index, in request order; the same Observation twice in one poll (a replay) is one document. */
    public List<AnomalyDocument> anomalies() {
        return List.copyOf(anomalies.values());
    }

    /** Every reading of the poll that could be read, in the order read: published with its offsets. */
    public List<ClassifiedReading> classified() {
        return classified;
    }

    /**
     * The Observations whose anomaly document must go: withdrawn ({@code entered-in-error}), or corrected to a normal
     * reading. The last version in the poll decides: an id is either here or in {@link #anomalies()}.
     */
    public List<String> deletions() {
        return deletions;
    }

    /** The records that could not be read as readings. */
    public List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    /** Records that parsed as readings, normal or not. */
    public int readings() {
        return readings;
    }

    public BatchOffsets offsets() {
        return offsets;
    }

    /**
     * The dead letter of a document Elasticsearch refused. Its reading stays classified: it was taken, and its
     * patient's alerts must hear of it.
     */
    DeadLetter refused(String observationId, DeadLetters deadLetterFactory, String reason) {
        return deadLetterFactory.of(anomalySources.get(observationId), reason, "ElasticsearchRejection");
    }

    /** Collects one poll's outcome, in the order the records are read. */
    public static final class Builder {

        private final BatchOffsets offsets;
        private final Map<String, AnomalyDocument> anomalies = new LinkedHashMap<>();
        private final Map<String, ConsumedRecord> anomalySources = new LinkedHashMap<>();
        private final List<ClassifiedReading> classified = new ArrayList<>();
        private final List<DeadLetter> deadLetters = new ArrayList<>();
        private final Set<String> deletions = new LinkedHashSet<>();
        private int readings;

        public Builder(BatchOffsets offsets) {
            this.offsets = offsets;
        }

        public Builder anomaly(ClassifiedReading reading, AnomalyDocument document, ConsumedRecord source) {
            readings++;
            classified.add(reading);
            anomalies.put(document.observationId(), document);
            anomalySources.put(document.observationId(), source);
            deletions.remove(document.observationId());
            return this;
        }

        public Builder normal(ClassifiedReading reading) {
            readings++;
            classified.add(reading);
            return this;
        }

        /**
         * A reading withdrawn, or corrected to normal: published as it is, its anomaly document (if any) deleted.
         */
        public Builder replacing(ClassifiedReading reading) {
            readings++;
            classified.add(reading);
            anomalies.remove(reading.observationId());
            anomalySources.remove(reading.observationId());
            deletions.add(reading.observationId());
            return this;
        }

        public Builder deadLetter(DeadLetter deadLetter) {
            deadLetters.add(deadLetter);
            return this;
        }

        public ClassifiedPoll build() {
            return new ClassifiedPoll(this);
        }
    }
}
