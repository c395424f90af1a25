package io.bpmonitor.detector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.bpmonitor.deadletter.DeadLetters;
import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.fhir.MessageReader;
import io.bpmonitor.kafka.ConsumedRecord;
import io.bpmonitor.kafka.ReadEpoch;
import io.bpmonitor.kafka.RecordPosition;
import io.bpmonitor.rules.ReadingRule;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's first step: every record of a camel-kafka batch becomes a normal reading, an anomaly document or a
 * dead letter, in one pass and without an exchange per record. The rules are looked up for every poll, so a reloaded
 * {@code routes/detector.yaml} takes effect at the next poll.
 */
public class PollClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(PollClassifier.class);

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
        List<Exchange> current = currentRecords(poll);
        ClassifiedPoll.Builder batch = new ClassifiedPoll.Builder(offsetsOf(current));
        Predicate<BloodPressureReading> isAnomaly = rule.get().newMatcher();
        Predicate<BloodPressureReading> isCrisis = crisisRule.get().newMatcher();
        Predicate<BloodPressureReading> isLow = lowPressureRule.get().newMatcher();
        for (Exchange record : current) {
            Message message = record.getMessage();
            try {
                long arrivedAt = message.getHeader(KafkaConstants.TIMESTAMP, -1L, Long.class);
                BloodPressureReading reading = reader.read(message.getBody(byte[].class), arrivedAt);
                if (reading.version() == BloodPressureReading.Version.WITHDRAWAL) {
                    batch.replacing(ClassifiedReading.withdrawal(reading, arrivedAt));
                    continue;
                }
                // where a record came from is kept only for what may be dead-lettered: most readings are normal
                // a value given as a bound (a Quantity's comparator) counts only for the rules it can cross
                boolean low = isLow.test(reading.forLowRules());
                if (isAnomaly.test(reading.forHighRules())) {
                    batch.anomaly(ClassifiedReading.of(reading, arrivedAt, true, isCrisis.test(reading.forHighRules()),
                            low),
                            documents.toDocument(reading), toConsumedRecord(message));
                } else if (reading.version() == BloodPressureReading.Version.CORRECTION) {
                    // a corrected reading now normal: the anomaly its earlier version was goes
                    batch.replacing(ClassifiedReading.of(reading, arrivedAt, false, false, low));
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
     * The records of the poll read in their consumer's current {@link ReadEpoch}, in the order read. A record read
     * before a rebalance first sends the consumer back to its committed offsets: camel-kafka's buffer then holds records
     * that are also read again, and handling both would publish their outcome twice.
     */
    private static List<Exchange> currentRecords(List<Exchange> poll) {
        List<RecordPosition> positions = poll.stream().map(PollClassifier::positionOf).toList();
        ReadEpoch epoch = positions.isEmpty() ? null : positions.get(0).epoch();
        if (epoch != null && (epoch.rereadPending()
                || positions.stream().anyMatch(RecordPosition::readBeforeRebalance))) {
            epoch.rereadFromCommitted();
        }
        List<Exchange> current = new ArrayList<>(poll.size());
        for (int i = 0; i < poll.size(); i++) {
            if (!positions.get(i).stale()) {
                current.add(poll.get(i));
            }
        }
        if (current.size() < poll.size()) {
            LOG.info("{} records of the poll were read before their consumer started again from its committed "
                    + "offsets; they are read again", poll.size() - current.size());
        }
        return current;
    }

    private static RecordPosition positionOf(Exchange record) {
        return record.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, RecordPosition.class);
    }

    /**
     * After a poll failed as a whole (at shutdown, or a rule missing from {@code routes/detector.yaml}): sends the
     * consumer back to its committed offsets, so the next poll reads it again
     * ({@link BatchOffsets#rereadFromCommitted()}). The body is
     * the poll at the step that failed, or the records themselves when classifying failed.
     */
    public void rereadFromCommitted(@Body Object poll) {
        if (poll instanceof ClassifiedPoll classified) {
            classified.offsets().rereadFromCommitted();
        } else if (poll instanceof IndexedPoll indexed) {
            indexed.poll().offsets().rereadFromCommitted();
        } else if (poll instanceof List<?> records) {
            offsetsOf(records).rereadFromCommitted();
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
