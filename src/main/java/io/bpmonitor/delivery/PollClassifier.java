package io.bpmonitor.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.bpmonitor.detection.AnomalyRule;
import io.bpmonitor.detection.BloodPressureReading;
import io.bpmonitor.detection.MessageReader;
import io.bpmonitor.indexing.AnomalyDocumentMapper;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The detector's one step per poll: every record of a camel-kafka batch becomes a normal reading, an anomaly document
 * or a dead letter, in one pass and without an exchange per record. The anomaly rule is looked up for every poll, so
 * a reloaded {@code routes/detector.yaml} takes effect at the next poll.
 */
public class PollClassifier {

    private final MessageReader reader;
    private final Supplier<AnomalyRule> rule;
    private final AnomalyDocumentMapper documents;
    private final DeadLetters deadLetters;

    /**
     * @param reader reads one record's value and timestamp, or throws {@link RuntimeException} whose message is the
     *               dead-letter reason
     * @param rule   the anomaly rule in force
     */
    public PollClassifier(MessageReader reader, Supplier<AnomalyRule> rule, AnomalyDocumentMapper documents,
                          DeadLetters deadLetters) {
        this.reader = reader;
        this.rule = rule;
        this.documents = documents;
        this.deadLetters = deadLetters;
    }

    /** The poll's outcome; also kept as the exchange property {@code bpBatch}, so a failure can rewind the poll. */
    public DetectionBatch classify(@Body List<Exchange> poll, Exchange exchange) {
        BatchOffsets offsets = new BatchOffsets();
        for (Exchange record : poll) {
            offsets.add(record.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, RecordPosition.class));
        }
        DetectionBatch batch = new DetectionBatch(offsets);
        exchange.setProperty(BatchCompletion.BATCH_PROPERTY, batch);
        Predicate<BloodPressureReading> isAnomaly = rule.get().newMatcher();
        for (Exchange record : poll) {
            SourceRecord source = toSourceRecord(record.getMessage());
            try {
                long arrivedAt = record.getMessage().getHeader(KafkaConstants.TIMESTAMP, -1L, Long.class);
                BloodPressureReading reading = reader.read(source.value(), arrivedAt);
                batch.readingTakenAt(source, reading.effectiveAt());
                if (isAnomaly.test(reading)) {
                    batch.addAnomaly(ArrivedReading.of(reading, arrivedAt), documents.toDocument(reading), source);
                } else {
                    batch.addNormal();
                }
            } catch (RuntimeException e) {
                batch.addDeadLetter(deadLetters.of(source, e));
            }
        }
        return batch;
    }

    /**
     * What {@link #classify} finds in records read again, for the alerts to catch up with a poll already committed:
     * the anomalous readings in order and the latest effective time; unreadable records are left out, as they were
     * dead-lettered then.
     */
    public ReadAgain readAgain(List<ConsumerRecord<byte[], byte[]>> records) {
        Predicate<BloodPressureReading> isAnomaly = rule.get().newMatcher();
        List<ArrivedReading> anomalies = new ArrayList<>();
        Instant latest = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                BloodPressureReading reading = reader.read(record.value(), record.timestamp());
                latest = latest == null || reading.effectiveAt().isAfter(latest) ? reading.effectiveAt() : latest;
                if (isAnomaly.test(reading)) {
                    anomalies.add(ArrivedReading.of(reading, record.timestamp()));
                }
            } catch (RuntimeException e) {
                // dead-lettered when it was first read
            }
        }
        return new ReadAgain(anomalies, latest);
    }

    /** @param latest the latest effective time of the readings, null when none was readable */
    public record ReadAgain(List<ArrivedReading> anomalies, Instant latest) {
    }

    /**
     * After a failed batch: sends the consumer back to its first record, so the next poll reads it again
     * ({@link BatchOffsets#rewind()}).
     */
    public void rewind(@ExchangeProperty(BatchCompletion.BATCH_PROPERTY) DetectionBatch batch) {
        if (batch != null) {
            batch.offsets().rewind();
        }
    }

    static SourceRecord toSourceRecord(Message message) {
        Map<String, Object> originalHeaders = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            // camel-kafka's own headers describe the record; only the producer's headers travel with it
            if (!name.startsWith("kafka.") && !name.startsWith("Camel")) {
                originalHeaders.put(name, value);
            }
        });
        Object key = message.getHeader(KafkaConstants.KEY);
        return new SourceRecord(
                message.getHeader(KafkaConstants.TOPIC, String.class),
                message.getHeader(KafkaConstants.PARTITION, Integer.class),
                message.getHeader(KafkaConstants.OFFSET, Long.class),
                key == null ? null : key.toString(),
                originalHeaders,
                message.getBody(byte[].class));
    }
}
