package io.bpmonitor.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.util.BinaryData;
import io.bpmonitor.indexing.AnomalyDocument;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What one poll came to: the anomalies to index, the records to dead-letter, how many readings were normal, the
 * records to publish with its offsets, and the offsets to commit once all of that is durable.
 */
public final class DetectionBatch {

    /**
     * A document indexed in the poll's bulk request next to its anomalies (an alert), versioned: a write of an older
     * version than the one indexed loses with a conflict, which is no error.
     */
    public record VersionedDocument(String index, String id, long version, BinaryData json) {
    }

    private final BatchOffsets offsets;
    private final Map<String, AnomalyDocument> anomalies = new LinkedHashMap<>();
    private final Map<String, ArrivedReading> anomalousReadings = new LinkedHashMap<>();
    private final Map<String, SourceRecord> anomalySources = new LinkedHashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final List<ProducerRecord<byte[], byte[]>> outgoing = new ArrayList<>();
    private final Map<String, VersionedDocument> indexedWithAnomalies = new LinkedHashMap<>();
    private Producer<byte[], byte[]> unfinishedCommit;
    private final Map<TopicPartition, Instant> eventTimes = new HashMap<>();
    private TopicPartition lastPartition;
    private int readings;
    private int normal;

    public DetectionBatch(BatchOffsets offsets) {
        this.offsets = offsets;
    }

    void addAnomaly(ArrivedReading reading, AnomalyDocument document, SourceRecord source) {
        readings++;
        // the same Observation twice in one poll (a replay) is one document
        anomalies.put(document.observationId(), document);
        anomalousReadings.put(document.observationId(), reading);
        anomalySources.put(document.observationId(), source);
    }

    void addNormal() {
        readings++;
        normal++;
    }

    /** A reading of this poll was taken at {@code effectiveAt}: the partition's event time is the latest of them. */
    void readingTakenAt(SourceRecord source, Instant effectiveAt) {
        eventTimes.merge(partitionOf(source), effectiveAt,
                (current, candidate) -> candidate.isAfter(current) ? candidate : current);
    }

    /** A poll's records come partition by partition: one {@link TopicPartition} per run of them, not one per record. */
    private TopicPartition partitionOf(SourceRecord source) {
        TopicPartition last = lastPartition;
        if (last == null || last.partition() != source.partition() || !last.topic().equals(source.topic())) {
            last = new TopicPartition(source.topic(), source.partition());
            lastPartition = last;
        }
        return last;
    }

    void addDeadLetter(DeadLetter deadLetter) {
        // a poll read again within one batch (camel-kafka gathers polls across a rebalance) is dead-lettered once
        SourceRecord source = deadLetter.source();
        boolean known = deadLetters.stream().map(DeadLetter::source).anyMatch(other -> other.partition() == source.partition()
                && other.offset() == source.offset() && other.topic().equals(source.topic()));
        if (!known) {
            deadLetters.add(deadLetter);
        }
    }

    /** Moves a document Elasticsearch refused to the dead letters. */
    public void reject(String observationId, DeadLetters deadLetterFactory, String reason) {
        anomalies.remove(observationId);
        anomalousReadings.remove(observationId);
        SourceRecord source = anomalySources.remove(observationId);
        deadLetters.add(deadLetterFactory.of(source, reason, "ElasticsearchRejection"));
    }

    /**
     * The records to publish together with this poll's offsets, in its Kafka transaction ({@link PollTransactions}): a
     * {@code read_committed} reader sees them exactly once, when the poll is committed, however often the poll is
     * read. A retried poll sets them again, replacing those of the failed attempt.
     */
    public void publishWithOffsets(List<ProducerRecord<byte[], byte[]>> records) {
        outgoing.clear();
        outgoing.addAll(records);
    }

    /**
     * Documents to index in the same bulk request as the anomalies: one round trip to Elasticsearch per poll, however
     * many alerts it changed. A retried poll sets them again, replacing those of the failed attempt.
     */
    public void indexWithAnomalies(List<VersionedDocument> documents) {
        indexedWithAnomalies.clear();
        documents.forEach(document -> indexedWithAnomalies.put(document.id(), document));
    }

    /** What {@link #indexWithAnomalies} collected, in order. */
    public List<VersionedDocument> indexedWithAnomalies() {
        return List.copyOf(indexedWithAnomalies.values());
    }

    /** Whether a bulk item is one of {@link #indexedWithAnomalies}, not an anomaly. */
    boolean isIndexedWithAnomalies(String id) {
        return indexedWithAnomalies.containsKey(id);
    }

    /** What {@link #publishWithOffsets} collected, in order. */
    public List<ProducerRecord<byte[], byte[]>> outgoing() {
        return List.copyOf(outgoing);
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

    /** The anomalous readings of a partition at or after {@code offset}, in the order they were read. */
    public List<ArrivedReading> anomaliesFrom(TopicPartition partition, long offset) {
        List<ArrivedReading> readings = new ArrayList<>();
        anomalousReadings.forEach((id, reading) -> {
            SourceRecord source = anomalySources.get(id);
            if (source.offset() >= offset && source.partition() == partition.partition()
                    && source.topic().equals(partition.topic())) {
                readings.add(reading);
            }
        });
        return readings;
    }

    /** The latest effective time of the readings (normal or anomalous) read from each partition. */
    public Map<TopicPartition, Instant> eventTimes() {
        return Map.copyOf(eventTimes);
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
