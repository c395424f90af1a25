package io.bpmonitor.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.bpmonitor.deadletter.DeadLetter;
import io.bpmonitor.deadletter.DeadLetters;
import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.fhir.FutureReadings;
import io.bpmonitor.fhir.InvalidReadingException;
import io.bpmonitor.fhir.MessageReader;
import io.bpmonitor.fhir.PayloadGuard;
import io.bpmonitor.kafka.PollCounter;
import io.bpmonitor.kafka.ReadEpoch;
import io.bpmonitor.kafka.RecordPosition;
import io.bpmonitor.rules.ReadingRule;
import io.bpmonitor.rules.HypertensionClassifier;
import io.bpmonitor.testing.GroupMockConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One poll in, one batch out: anomalies by the YAML rule, normal readings counted, the unreadable dead-lettered. */
class PollClassifierTest {

    private static final String RULE =
            "${variable.systolic} > 140 || ${variable.diastolic} > 90";

    private static final TopicPartition P0 = new TopicPartition("bp-observations", 0);

    private final CamelContext context = new DefaultCamelContext();
    private final GroupMockConsumer consumer = new GroupMockConsumer();
    private final ReadEpoch epoch = new ReadEpoch(consumer, Duration.ofSeconds(1));

    @BeforeEach
    void assign() {
        consumer.assign(List.of(P0));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.commitSync(Map.of(P0, new OffsetAndMetadata(3)));
        consumer.seek(P0, 7);
    }
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T10:00:01Z"), ZoneOffset.UTC);

    /**
     * Stand-in reader: "id,systolic,diastolic" (a value may start with a comparator, "<150", or be "-": absent) or an
     * error, so the test
     * is about sorting, not FHIR.
     */
    private static BloodPressureReading read(byte[] value) {
        String[] parts = new String(value, StandardCharsets.UTF_8).split(",");
        if (parts.length == 4) {
            BloodPressureReading result = read(String.join(",", parts[0], parts[1], parts[2])
                    .getBytes(StandardCharsets.UTF_8));
            return new BloodPressureReading(result.observationId(), result.patientId(), null, result.effectiveAt(),
                    result.systolic(), result.diastolic(), result.systolicBound(), result.diastolicBound(),
                    BloodPressureReading.Version.valueOf(parts[3]));
        }
        if (parts.length != 3) {
            throw new InvalidReadingException("not an Observation: Patient");
        }
        return new BloodPressureReading(parts[0], "p-1", null, Instant.parse("2026-11-29T10:00:00Z"),
                value(parts[1]), value(parts[2]), bound(parts[1]), bound(parts[2]));
    }

    private static int value(String part) {
        return part.equals("-") ? 0 : Integer.parseInt(part.replaceAll("[<>=]", ""));
    }

    private static BloodPressureReading.Bound bound(String part) {
        return part.equals("-") ? BloodPressureReading.Bound.ABSENT
                : BloodPressureReading.Bound.of(part.replaceAll("[0-9]", ""));
    }

    private PollClassifier classifier(String language, String rule) {
        return classifier(language, rule, null);
    }

    /** @param crisisRule null: the anomaly rule stands in for it */
    private PollClassifier classifier(String language, String rule, ReadingRule crisisRule) {
        ReadingRule anomalyRule = new ReadingRule();
        anomalyRule.setCamelContext(context);
        anomalyRule.setLanguage(language);
        anomalyRule.setExpression(rule);
        anomalyRule.compile();
        ReadingRule crisis = crisisRule == null ? anomalyRule : crisisRule;
        ReadingRule lowPressureRule = new ReadingRule();
        lowPressureRule.setCamelContext(context);
        lowPressureRule.setName("lowPressureRule");
        lowPressureRule.setExpression("${variable.systolic} < 90 || ${variable.diastolic} < 60");
        lowPressureRule.compile();
        return new PollClassifier(new MessageReader(PollClassifierTest::read, new PayloadGuard(1_024),
                new FutureReadings(Duration.ofMinutes(5))), () -> anomalyRule, () -> crisis, () -> lowPressureRule,
                new AnomalyDocumentMapper(new HypertensionClassifier(), clock), new DeadLetters(clock));
    }

    /** The crisis rule of routes/detector.yaml with its default settings. */
    private ReadingRule crisisRule() {
        ReadingRule crisis = new ReadingRule();
        crisis.setCamelContext(context);
        crisis.setName("crisisRule");
        crisis.setExpression("${variable.systolic} >= 180 || ${variable.diastolic} >= 120");
        crisis.compile();
        return crisis;
    }

    private Exchange arrivedAt(Exchange record, String arrival) {
        record.getMessage().setHeader(KafkaConstants.TIMESTAMP, Instant.parse(arrival).toEpochMilli());
        return record;
    }

    private Exchange record(long offset, String value) {
        return record(0, offset, value);
    }

    private Exchange record(int partition, long offset, String value) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(KafkaConstants.TOPIC, "bp-observations");
        exchange.getMessage().setHeader(KafkaConstants.PARTITION, partition);
        exchange.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        exchange.getMessage().setHeader(KafkaConstants.KEY, "p-1");
        exchange.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, new RecordPosition(null,
                new TopicPartition("bp-observations", partition), offset, Duration.ofSeconds(1), null));
        exchange.getMessage().setHeader("x-gateway", "gw-7");
        exchange.getMessage().setBody(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        return exchange;
    }

    private ClassifiedPoll classify(PollClassifier classifier, Exchange... records) {
        ClassifiedPoll batch = classifier.classify(List.of(records));
        return batch;
    }

    @Test
    void sortsEachRecordsOutcome() {
        PollClassifier classifier = classifier("csimple", RULE);

        ClassifiedPoll batch = classify(classifier,
                record(0, "obs-1,150,95"), record(1, "obs-2,120,80"), record(2, "{\"resourceType\":\"Patient\"}"),
                record(3, "obs-1,150,95"), record(4, null));

        assertThat(batch.anomalies()).extracting(document -> document.observationId()).containsExactly("obs-1");
        assertThat(batch.anomalies().get(0).grade()).isEqualTo("grade_1");
        assertThat(batch.readings()).isEqualTo(3);
        assertThat(batch.classified()).extracting(ClassifiedReading::anomaly).containsExactly(true, false, true);
        assertThat(batch.deadLetters()).extracting(DeadLetter::reason)
                .containsExactly("not an Observation: Patient", "empty message");
        DeadLetter deadLetter = batch.deadLetters().get(0);
        assertThat(deadLetter.source().offset()).isEqualTo(2);
        assertThat(deadLetter.source().key()).isEqualTo("p-1");
        assertThat(deadLetter.source().headers()).containsEntry("x-gateway", "gw-7").doesNotContainKey(KafkaConstants.OFFSET).doesNotContainKey(KafkaConstants.MANUAL_COMMIT);
    }

    @Test
    void theRuleIsTheYamlExpressionAtItsBoundary() {
        PollClassifier strict = classifier("csimple", RULE);
        PollClassifier inclusive = classifier("csimple", "${variable.systolic} >= 140 || ${variable.diastolic} >= 90");
        Exchange[] boundary = {record(0, "obs-a,140,85"), record(1, "obs-b,130,90"), record(2, "obs-c,141,70")};

        assertThat(classify(strict, boundary).anomalies()).extracting(d -> d.observationId()).containsExactly("obs-c");
        assertThat(classify(inclusive, boundary).anomalies()).extracting(d -> d.observationId())
                .containsExactly("obs-a", "obs-b", "obs-c");
    }

    @Test
    void aLowPressureIsReadAndMarkedForTheAlertsAnAnomalyOrNot() {
        ClassifiedPoll batch = classify(classifier("csimple", RULE), record(0, "obs-faint,72,44"),
                record(1, "obs-wide,150,55"), record(2, "obs-edge,90,60"), record(3, "obs-dia,118,59"));

        assertThat(batch.classified()).extracting(ClassifiedReading::observationId, ClassifiedReading::anomaly,
                        ClassifiedReading::low)
                .containsExactly(tuple("obs-faint", false, true), tuple("obs-wide", true, true),
                        tuple("obs-edge", false, false), tuple("obs-dia", false, true));
        assertThat(batch.anomalies()).as("bp_anomalies keeps the seed's filter")
                .extracting(AnomalyDocument::observationId).containsExactly("obs-wide");
    }

    @Test
    void aBoundCountsOnlyForTheRulesItCanCross() {
        PollClassifier classifier = classifier("csimple", RULE, crisisRule());

        ClassifiedPoll batch = classify(classifier, record(0, "obs-top,>300,100"), record(1, "obs-under,<150,<85"),
                record(2, "obs-floor,<50,<30"), record(3, "obs-over,>85,>55"), record(4, "obs-mixed,<150,95"));

        assertThat(batch.classified()).extracting(ClassifiedReading::observationId, ClassifiedReading::anomaly,
                        ClassifiedReading::crisis, ClassifiedReading::low)
                .as(">300 is a crisis; at most 150/85 is nothing; <50 is low; at least 85/55 is not low; "
                        + "95 diastolic is an anomaly whatever the systolic bound")
                .containsExactly(tuple("obs-top", true, true, false), tuple("obs-under", false, false, false),
                        tuple("obs-floor", false, false, true), tuple("obs-over", false, false, false),
                        tuple("obs-mixed", true, false, false));
    }

    /** A partial reading counts for the rules of the value it has: 212/— is a crisis, —/125 too, —/55 is low. */
    @Test
    void aPartialReadingCountsForTheRulesOfTheValueItHas() {
        PollClassifier classifier = classifier("csimple", RULE, crisisRule());

        ClassifiedPoll batch = classify(classifier, record(0, "obs-212,212,-"), record(1, "obs-125,-,125"),
                record(2, "obs-55,-,55"), record(3, "obs-85,85,-"), record(4, "obs-120,120,-"));

        assertThat(batch.classified()).extracting(ClassifiedReading::observationId, ClassifiedReading::anomaly,
                        ClassifiedReading::crisis, ClassifiedReading::low)
                .containsExactly(tuple("obs-212", true, true, false), tuple("obs-125", true, true, false),
                        tuple("obs-55", false, false, true), tuple("obs-85", false, false, true),
                        tuple("obs-120", false, false, false));
        assertThat(batch.classified().get(0).diastolic()).isNull();
        assertThat(batch.anomalies()).first().satisfies(document -> {
            assertThat(document.systolic()).isEqualTo(212);
            assertThat(document.diastolic()).isNull();
            assertThat(document.meanArterialPressure()).isNull();
            assertThat(document.hypertensionType()).isEqualTo("isolated_systolic");
            assertThat(new String(document.toJson(), StandardCharsets.UTF_8)).doesNotContain("diastolic")
                    .doesNotContain("mean_arterial_pressure");
        });
    }

    /**
     * An entered-in-error version withdraws its reading: published as withdrawn, its anomaly document deleted; a
     * correction to normal deletes it too; a correction that is still an anomaly is indexed again. In one poll the last
     * version of an id decides.
     */
    @Test
    void withdrawnAndCorrectedReadingsReplaceTheirAnomalyDocument() {
        ClassifiedPoll batch = classify(classifier("csimple", RULE),
                record(0, "obs-1,190,118"), record(1, "obs-1,190,118,WITHDRAWAL"),
                record(2, "obs-2,128,80,CORRECTION"), record(3, "obs-3,150,96,CORRECTION"),
                record(4, "obs-4,120,80,WITHDRAWAL"), record(5, "obs-4,151,92"));

        assertThat(batch.anomalies()).extracting(AnomalyDocument::observationId).containsExactly("obs-3", "obs-4");
        assertThat(batch.deletions()).containsExactly("obs-1", "obs-2");
        assertThat(batch.classified()).extracting(ClassifiedReading::observationId, ClassifiedReading::withdrawn,
                        ClassifiedReading::anomaly)
                .containsExactly(tuple("obs-1", false, true), tuple("obs-1", true, false), tuple("obs-2", false, false),
                        tuple("obs-3", false, true), tuple("obs-4", true, false), tuple("obs-4", false, true));
        assertThat(batch.deadLetters()).isEmpty();
    }

    /** The stand-in reader's readings are taken at 10:00:00; a cuff ahead of its arrival by more than 5 min is refused. */
    @Test
    void aReadingTakenMoreThanTheSkewAfterItArrivedIsRefused() {
        ClassifiedPoll batch = classify(classifier("csimple", RULE),
                arrivedAt(record(0, "obs-1,150,95"), "2026-11-29T09:56:00Z"),
                arrivedAt(record(1, "obs-2,150,95"), "2026-11-29T09:55:00Z"),
                arrivedAt(record(2, "obs-3,150,95"), "2026-11-29T09:54:59.999Z"),
                arrivedAt(record(3, "obs-4,150,95"), "2026-11-29T13:00:00Z"),
                record(4, "obs-5,150,95"));

        assertThat(batch.anomalies()).extracting(document -> document.observationId())
                .containsExactly("obs-1", "obs-2", "obs-4", "obs-5");
        assertThat(batch.deadLetters()).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.source().offset()).isEqualTo(2);
            assertThat(deadLetter.reason())
                    .isEqualTo("effective time in the future: more than 300 s after the reading arrived");
        });
    }

    @Test
    void anOversizedRecordIsRefusedUnread() {
        ClassifiedPoll batch = classify(classifier("simple", "${variable.systolic} > 140"), record(0, "x".repeat(2_000)));

        assertThat(batch.deadLetters()).extracting(DeadLetter::reason)
                .containsExactly("oversized message: 2000 bytes, limit 1024");
    }

    @Test
    void aLargePollIsOneBatch() {
        List<Exchange> poll = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            poll.add(record(i, "obs-" + i + "," + (100 + i % 100) + ",70"));
        }
        ClassifiedPoll batch = classifier("csimple", "${variable.systolic} > 140").classify(poll);

        assertThat(batch.readings()).isEqualTo(1_000);
        assertThat(batch.anomalies()).hasSize(590);
        assertThat(batch.offsets().nextOffsets()).containsValue(1_000L);
    }

    /** As when the consumer's {@code poll()} returns records on this thread. */
    private static void poll() {
        new PollCounter().onConsume(ConsumerRecords.empty());
    }

    /** A record read by {@link #consumer} in its epoch as it stands now. */
    private Exchange readNow(long offset, String value) {
        Exchange exchange = record(0, offset, value);
        exchange.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, new RecordPosition(consumer, P0, offset,
                Duration.ofSeconds(1), epoch));
        return exchange;
    }

    /**
     * After its consumer went back to the committed offsets, camel-kafka hands over the records it held ahead of the
     * same records read again: only those read again are handled, each once, in the order read.
     */
    @Test
    void recordsReadBeforeTheConsumerWentBackToItsCommittedOffsetsAreDropped() {
        poll();
        Exchange heldFive = readNow(5, "obs-5,150,95");
        epoch.rereadFromCommitted();
        Exchange restOfThatPoll = readNow(6, "not json");
        poll();

        ClassifiedPoll batch = classify(classifier("csimple", RULE), heldFive, restOfThatPoll,
                readNow(3, "obs-3,150,95"), readNow(4, "obs-4,120,80"), readNow(5, "obs-5,150,95"),
                readNow(6, "not json"));

        assertThat(batch.classified()).extracting(ClassifiedReading::observationId)
                .containsExactly("obs-3", "obs-4", "obs-5");
        assertThat(batch.deadLetters()).singleElement().satisfies(deadLetter ->
                assertThat(deadLetter.source().offset()).isEqualTo(6));
        assertThat(batch.offsets().nextOffsets()).containsExactly(Map.entry(P0, 7L));
    }

    /**
     * A poll that holds records read before a rebalance: the partitions may be read again from the committed offsets,
     * by this consumer or another, so the consumer goes back to them and nothing of the poll is handled.
     */
    @Test
    void aPollReadAcrossARebalanceSendsTheConsumerBackAndHandlesNothing() {
        Exchange beforeRebalance = readNow(5, "not json");
        consumer.rebalance();
        poll();

        ClassifiedPoll batch = classify(classifier("csimple", RULE), beforeRebalance, readNow(6, "obs-6,150,95"));

        assertThat(batch.classified()).isEmpty();
        assertThat(batch.deadLetters()).isEmpty();
        assertThat(batch.offsets().nextOffsets()).isEmpty();
        assertThat(consumer.position(P0)).as("back to the committed offset").isEqualTo(3);
    }

    /** Kafka did not answer the way back: nothing is handled until it does. */
    @Test
    void nothingIsHandledWhileTheWayBackIsPending() {
        Exchange beforeRebalance = readNow(7, "obs-7,150,95");
        consumer.kafkaAway(true);
        consumer.rebalance();
        ClassifiedPoll whileAway = classify(classifier("csimple", RULE), beforeRebalance);
        consumer.kafkaAway(false);
        poll();
        ClassifiedPoll readAtTheWrongPlace = classify(classifier("csimple", RULE), readNow(8, "obs-8,150,95"));
        poll();
        ClassifiedPoll readAgain = classify(classifier("csimple", RULE), readNow(3, "obs-3,150,95"));

        assertThat(whileAway.classified()).isEmpty();
        assertThat(readAtTheWrongPlace.classified()).isEmpty();
        assertThat(readAgain.classified()).extracting(ClassifiedReading::observationId).containsExactly("obs-3");
    }
}
