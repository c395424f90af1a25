package io.bpmonitor.detector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.bpmonitor.deadletter.DeadLetters;
import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.fhir.MessageReader;
import io.bpmonitor.kafka.ConsumedRecord;
import io.bpmonitor.kafka.RecordPosition;
import io.bpmonitor.rules.ReadingRule;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.common.TopicPartition;

/**
 * The detector's first step: every record of a camel-kafka batch becomes a normal reading, an anomaly document or a
 * dead letter, in one pass and without an exchange per record. The rules are looked up for every poll, so a reloaded
 * {@code routes/detector.yaml} takes effect at the next poll.
 */
public class PollClassifier {

    private final MessageReader reader;
    private final Supplier<ReadingRule> rule;
    private final Supplier<ReadingRule> crisisRule;
    private final Supplier<ReadingRule> lowPressureRule;
    private final AnomalyDocumentMapper documents;
    private final DeadLetters deadLetters;

    /**
     * @param reader reads one record's value and timestamp, or throws {@link RuntimeException} whose message is the
     *               dead-letter reason
     * @param rule       the anomaly rule in force
     * @param crisisRule the crisis rule in force, tested on the anomalies only
     * @param lowPressureRule the low-pressure rule in force, tested on every reading
     */
    public PollClassifier(MessageReader reader, Supplier<ReadingRule> rule, Supplier<ReadingRule> crisisRule,
                          Supplier<ReadingRule> lowPressureRule, AnomalyDocumentMapper documents,
                          DeadLetters deadLetters) {
        this.reader = reader;
        this.rule = rule;
        this.crisisRule = crisisRule;
        this.lowPressureRule = lowPressureRule;
        this.documents = documents;
        this.deadLetters = deadLetters;
    }

    public ClassifiedPoll classify(List<Exchange> poll) {
        BatchOffsets offsets = offsetsOf(poll);
        Map<TopicPartition, SortedMap<Long, Exchange>> byPartition = new LinkedHashMap<>();
        for (Exchange record : poll) {
            RecordPosition position = record.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, RecordPosition.class);
            byPartition.computeIfAbsent(position.partition(), partition -> new TreeMap<>())
                    .putIfAbsent(position.offset(), record);
        }
        ClassifiedPoll.Builder batch = new ClassifiedPoll.Builder(offsets);
        Predicate<BloodPressureReading> isAnomaly = rule.get().newMatcher();
        Predicate<BloodPressureReading> isCrisis = crisisRule.get().newMatcher();
        Predicate<BloodPressureReading> isLow = lowPressureRule.get().newMatcher();
        // camel-kafka's batch buffer keeps the records polled after a batch that failed and was rewound, and hands
        // them over ahead of the rewound ones, which come again: read in offset order and once each, a patient's
        // readings are classified and published in the order they were sent
        for (Exchange record : byPartition.values().stream().flatMap(records -> records.values().stream()).toList()) {
            Message message = record.getMessage();
            try {
                long arrivedAt = message.getHeader(KafkaConstants.TIMESTAMP, -1L, Long.class);
                BloodPressureReading reading = reader.read(message.getBody(byte[].class), arrivedAt);
                // where a record came from is kept only for what may be dead-lettered: most readings are normal
                // a value given as a bound (a Quantity's comparator) counts only for the rules it can cross
                boolean low = isLow.test(reading.forLowRules());
                if (isAnomaly.test(reading.forHighRules())) {
                    batch.anomaly(ClassifiedReading.of(reading, arrivedAt, true, isCrisis.test(reading.forHighRules()),
                            low),
                            documents.toDocument(reading), toConsumedRecord(message));
                } else {
                    batch.normal(ClassifiedReading.of(reading, arrivedAt, false, false, low));
                }
            } catch (RuntimeException e) {
                batch.deadLetter(deadLetters.of(toConsumedRecord(message), e));
            }
        }
        return batch.build();
    }

    /**
     * After a poll failed as a whole (at shutdown, or a rule missing from {@code routes/detector.yaml}): sends the
     * consumer back to its first record, so the next poll reads it again ({@link BatchOffsets#rewind()}). The body is
     * the poll at the step that failed, or the records themselves when classifying failed.
     */
    public void rewind(@Body Object poll) {
        if (poll instanceof ClassifiedPoll classified) {
            classified.offsets().rewind();
        } else if (poll instanceof IndexedPoll indexed) {
            indexed.poll().offsets().rewind();
        } else if (poll instanceof List<?> records) {
            offsetsOf(records).rewind();
        }
    }

    private static BatchOffsets offsetsOf(List<?> records) {
        BatchOffsets offsets = new BatchOffsets();
        for (Object record : records) {
            if (record instanceof Exchange exchange && exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT)
                    instanceof RecordPosition position) {
                offsets.add(position);
            }
        }
        return offsets;
    }

    static ConsumedRecord toConsumedRecord(Message message) {
        Map<String, Object> originalHeaders = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            // camel-kafka's own headers describe the record; only the producer's headers travel with it
            if (!name.startsWith("kafka.") && !name.startsWith("Camel")) {
                originalHeaders.put(name, value);
            }
        });
        Object key = message.getHeader(KafkaConstants.KEY);
        return new ConsumedRecord(
                message.getHeader(KafkaConstants.TOPIC, String.class),
                message.getHeader(KafkaConstants.PARTITION, Integer.class),
                message.getHeader(KafkaConstants.OFFSET, Long.class),
                key == null ? null : key.toString(),
                originalHeaders,
                message.getBody(byte[].class));
    }
}
