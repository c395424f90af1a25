package io.bpmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.bpmonitor.detector.ClassifiedReading;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The alert engine's topology on known sequences of readings, value by value, with Kafka Streams' test driver: the
 * rules of {@link Episodes}, the events on the alert topic and their headers, the wall clock that alone ends an
 * episode no later reading ended, and the takeover of what a previous release left open.
 */
class AlertTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final String PATIENT = "p-0001";

    private final Episodes episodes = new Episodes(EngineDriver.RULES);
    private final List<Alert> carriedOver = new ArrayList<>();
    /** Started at the first reading or tick, so a test can leave alerts of a previous release first. */
    private EngineDriver engine;
    private TestInputTopic<String, byte[]> readings;
    private TestOutputTopic<String, byte[]> alertTopic;
    /** The opened and resolved events, in order. */
    private final List<Alert> events = new ArrayList<>();
    /** The updated events, in order. */
    private final List<Alert> updates = new ArrayList<>();
    /** Every event's revision, in order. */
    private final List<Long> revisions = new ArrayList<>();
    private Instant wallClock = T0;

    private TopologyTestDriver driver() {
        if (engine == null) {
            // no escalation: the review's, in ReviewTopologyTest
            engine = new EngineDriver(episodes.rules(), ZoneOffset.UTC, partition -> carriedOver, T0, Duration.ZERO);
            readings = engine.readings;
            alertTopic = engine.alerts;
        }
        return engine.driver;
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private void read(String id, int minutes, int systolic, int diastolic) {
        readAs(PATIENT, id, at(minutes), null, systolic, diastolic, true);
    }

    private void readArrived(String id, int minutes, int arrivedMinutes, int systolic, int diastolic) {
        readAs(PATIENT, id, at(minutes), at(arrivedMinutes), systolic, diastolic, true);
    }

    private void readAs(String patient, String id, Instant effectiveAt, Instant arrivedAt, int systolic, int diastolic,
                        boolean anomaly) {
        boolean crisis = systolic >= 180 || diastolic >= 120;
        pipe(List.of(new ClassifiedReading(patient, id, effectiveAt, arrivedAt, systolic, diastolic,
                "systolic_diastolic", anomaly, anomaly && crisis, low(systolic, diastolic))));
    }

    private static ClassifiedReading reading(String id, int minutes, int systolic, int diastolic, boolean anomaly) {
        return new ClassifiedReading(PATIENT, id, at(minutes), null, systolic, diastolic, "systolic_diastolic", anomaly,
                anomaly && (systolic >= 180 || diastolic >= 120), low(systolic, diastolic));
    }

    /** The low-pressure rule of routes/detector.yaml with its default settings. */
    private static boolean low(int systolic, int diastolic) {
        return systolic < 90 || diastolic < 60;
    }

    /** One record of the readings topic: one patient's readings of a poll. */
    private void pipe(List<ClassifiedReading> poll) {
        driver();
        readings.pipeInput(poll.get(0).patientId(), ClassifiedReading.toJson(poll));
        collect();
    }

    /** The wall clock moves to {@code minutes} after T0: the engine's punctuation runs. */
    private void sweep(int minutes) {
        tick(Duration.between(wallClock, at(minutes)));
    }

    private void tick(Duration duration) {
        wallClock = wallClock.plus(duration);
        driver().advanceWallClockTime(duration);
        collect();
    }

    private void collect() {
        for (TestRecord<String, byte[]> record : alertTopic.readRecordsToList()) {
            Alert alert = AlertJson.read(record.value(), Alert.class);
            assertThat(record.key()).as("keyed by patient").isEqualTo(alert.patientId());
            String event = new String(record.headers().lastHeader(AlertEvent.EVENT_HEADER).value(),
                    StandardCharsets.US_ASCII);
            assertThat(alert.review().raisedAt()).as("raised on the wall clock").isNotNull().isBeforeOrEqualTo(wallClock);
            (AlertEvent.UPDATED.code().equals(event) ? updates : events).add(unraised(alert));
            revisions.add(AlertEvent.revision(record.headers().lastHeader(AlertEvent.REVISION_HEADER).value()));
        }
    }

    /** The patient's state, its alerts {@link #unraised}. */
    private PatientAlerts state() {
        KeyValueStore<String, PatientAlerts> store = driver().getKeyValueStore(AlertTopology.PATIENT_EPISODES);
        PatientAlerts state = store.get(PATIENT);
        if (state == null) {
            return PatientAlerts.NONE;
        }
        for (AlertKind kind : AlertKind.values()) {
            if (state.latest(kind) != null) {
                state = state.with(kind, unraised(state.latest(kind)));
            }
        }
        return state;
    }

    /** The alert as the rules make it, without the wall-clock time the engine raised it at (ReviewTopologyTest's). */
    static Alert unraised(Alert alert) {
        Review review = alert.review();
        return alert.withReview(new Review(review.status(), null, review.holder(), review.action(), review.by(),
                review.at(), review.note(), review.outcome(), review.escalations(), review.revision(),
                review.actionIds()));
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void aPatientsReadingsOfOnePollInOneRecordFoldAsIfEachCameAlone() {
        List<ClassifiedReading> poll = List.of(reading("o1", 0, 150, 95, true), reading("o2", 10, 118, 75, false),
                reading("o3", 20, 160, 99, true), reading("o4", 25, 150, 92, true), reading("o5", 30, 185, 100, true),
                reading("o6", 200, 150, 95, true));
        poll.forEach(reading -> pipe(List.of(reading)));
        List<Alert> eventsOneByOne = List.copyOf(events);
        List<Alert> updatesOneByOne = List.copyOf(updates);
        PatientAlerts stateOneByOne = state();
        close();
        engine = null;
        events.clear();
        updates.clear();

        pipe(poll);

        assertThat(eventsOneByOne).extracting(Alert::kind, Alert::status).as("the sequence opens and resolves")
                .containsExactly(tuple(AlertKind.REPEATED, AlertStatus.OPEN), tuple(AlertKind.CRISIS, AlertStatus.OPEN),
                        tuple(AlertKind.CRISIS, AlertStatus.RESOLVED), tuple(AlertKind.REPEATED, AlertStatus.RESOLVED));
        assertThat(events).isEqualTo(eventsOneByOne);
        assertThat(updates).isEqualTo(updatesOneByOne);
        assertThat(state()).isEqualTo(stateOneByOne);
    }

    /** A reading the anomaly rule does not keep (normal, or low). */
    private void readNotAnomalous(String id, int minutes, int systolic, int diastolic) {
        readAs(PATIENT, id, at(minutes), null, systolic, diastolic, false);
    }

    @Test
    void aLowPressureOpensAHypotensionAlertAtOnceAndOnlyLowReadingsJoinIt() {
        readNotAnomalous("o1", 0, 72, 44);

        assertThat(events).containsExactly(new Alert(Alert.idOf(PATIENT, AlertKind.HYPOTENSION, "o1"), PATIENT,
                AlertKind.HYPOTENSION, AlertStatus.OPEN, at(0), at(0), null, at(0), null, 1, 72, 44, List.of("o1"),
                Review.UNREVIEWED));

        readNotAnomalous("o2", 10, 68, 40);
        readNotAnomalous("o3", 20, 85, 55);
        read("o4", 30, 150, 95);
        readNotAnomalous("o5", 40, 120, 80);

        assertThat(events).as("nothing opened or resolved by the others").hasSize(1);
        assertThat(state().hypotension()).as("the lowest reading is the worst, only low readings count")
                .extracting(Alert::readings, Alert::systolic, Alert::diastolic, Alert::lastReadingAt)
                .containsExactly(3, 68, 40, at(20));
        assertThat(state().window()).as("the anomaly counts for the hypertension rules")
                .extracting(AlertingReading::observationId).containsExactly("o4");

        sweep(81);
        assertThat(events).last().satisfies(resolved -> {
            assertThat(resolved.kind()).isEqualTo(AlertKind.HYPOTENSION);
            assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(resolved.resolvedAt()).isEqualTo(at(80));
            assertThat(resolved.resolution()).isEqualTo("no low reading for 60 minutes");
        });
    }

    @Test
    void aReadingBothHighAndLowConcernsBothKinds() {
        read("o1", 0, 150, 55);
        read("o2", 5, 160, 58);
        read("o3", 10, 155, 56);

        assertThat(events).extracting(Alert::kind, Alert::status).containsExactly(
                tuple(AlertKind.HYPOTENSION, AlertStatus.OPEN), tuple(AlertKind.REPEATED, AlertStatus.OPEN));
        assertThat(state().hypotension()).extracting(Alert::readings, Alert::systolic, Alert::diastolic)
                .containsExactly(3, 150, 55);
    }

    @Test
    void theLowPressureBoundaryIsBelowNinetyOverSixty() {
        readNotAnomalous("o1", 0, 90, 60);
        assertThat(events).isEmpty();
        readNotAnomalous("o2", 1, 89, 60);
        assertThat(events).extracting(Alert::kind).containsExactly(AlertKind.HYPOTENSION);
    }

    /** 212 with the diastolic absent (a dataAbsentReason): a crisis, its worst reading shown as it came. */
    @Test
    void aPartialCrisisOpensACrisisAlertAndKeepsItsAbsentValueThroughTheStore() {
        pipe(List.of(new ClassifiedReading(PATIENT, "o1", at(0), null, 212, null, "isolated_systolic", true, true,
                false)));
        pipe(List.of(new ClassifiedReading(PATIENT, "o2", at(5), null, 200, 118, "systolic_diastolic", true, true,
                false)));

        assertThat(events).first().satisfies(opened -> {
            assertThat(opened.kind()).isEqualTo(AlertKind.CRISIS);
            assertThat(opened.systolic()).isEqualTo(212);
            assertThat(opened.diastolic()).isNull();
        });
        assertThat(state().crisis()).as("212/— stays the worst; read back from the state store")
                .extracting(Alert::readings, Alert::systolic, Alert::diastolic).containsExactly(2, 212, null);
    }

    private void withdraw(String id, int minutes, int systolic, int diastolic) {
        pipe(List.of(new ClassifiedReading(PATIENT, id, at(minutes), null, systolic, diastolic, "none", false, false,
                false, true)));
    }

    /** A crisis whose only reading was entered in error is withdrawn: an event, and the Flag entered-in-error. */
    @Test
    void aCrisisWhoseOnlyReadingIsWithdrawnIsWithdrawn() {
        read("o1", 0, 212, 118);
        withdraw("o1", 0, 212, 118);

        assertThat(events).extracting(Alert::status).containsExactly(AlertStatus.OPEN, AlertStatus.WITHDRAWN);
        assertThat(events.get(1).alertId()).isEqualTo(events.get(0).alertId());
        assertThat(events.get(1).resolution()).isEqualTo("its readings were entered in error or corrected");
        sweep(200);
        assertThat(events).as("a withdrawn alert never resolves").hasSize(2);
    }

    /** A crisis keeps its other crisis reading: recomputed on what is left, an update, no withdrawal. */
    @Test
    void aCrisisThatKeepsACrisisReadingIsRecomputedWithoutTheWithdrawnOne() {
        read("o1", 0, 212, 118);
        read("o2", 5, 185, 100);
        withdraw("o1", 0, 212, 118);
        tick(Duration.ofSeconds(10));

        assertThat(events).extracting(Alert::status).containsExactly(AlertStatus.OPEN);
        assertThat(state().crisis()).extracting(Alert::readings, Alert::systolic, Alert::diastolic, Alert::status)
                .containsExactly(1, 185, 100, AlertStatus.OPEN);
        assertThat(updates).last().extracting(Alert::systolic).isEqualTo(185);
    }

    /** A crisis reading corrected to a normal one: the crisis had nothing else, withdrawn. */
    @Test
    void aCrisisCorrectedToANormalReadingIsWithdrawnAndACorrectionToAnotherCrisisRecomputesIt() {
        read("o1", 0, 212, 118);
        readNotAnomalous("o1", 0, 128, 80);
        assertThat(events).extracting(Alert::status).containsExactly(AlertStatus.OPEN, AlertStatus.WITHDRAWN);

        read("o2", 60, 230, 125);
        read("o2", 60, 190, 112);
        assertThat(state().crisis()).extracting(Alert::readings, Alert::systolic, Alert::status)
                .containsExactly(1, 190, AlertStatus.OPEN);
    }

    /** A crisis reading corrected to a low one: out of the crisis (withdrawn), and a hypotension alert opens. */
    @Test
    void aCorrectionToALowReadingMovesItToTheOtherKind() {
        read("o1", 0, 212, 118);
        readNotAnomalous("o1", 0, 72, 44);

        assertThat(events).extracting(Alert::kind, Alert::status).containsExactly(
                tuple(AlertKind.CRISIS, AlertStatus.OPEN), tuple(AlertKind.CRISIS, AlertStatus.WITHDRAWN),
                tuple(AlertKind.HYPOTENSION, AlertStatus.OPEN));
    }

    @Test
    void aCrisisReadingOpensACrisisAlertAtOnce() {
        read("o1", 0, 195, 125);

        assertThat(events).containsExactly(new Alert(Alert.idOf(PATIENT, AlertKind.CRISIS, "o1"), PATIENT,
                AlertKind.CRISIS, AlertStatus.OPEN, at(0), at(0), null, at(0), null, 1, 195, 125, List.of("o1"),
                Review.UNREVIEWED));
        assertThat(state().repeated()).isNull();
        assertThat(state().window()).extracting(AlertingReading::observationId).containsExactly("o1");
    }

    @Test
    void threeAnomaliesWithinThirtyMinutesOpenOneSustainedAlertAndLaterOnesExtendIt() {
        read("o1", 0, 150, 95);
        read("o2", 10, 162, 92);
        assertThat(events).isEmpty();
        read("o3", 30, 145, 99);
        read("o4", 40, 170, 101);
        read("o5", 95, 150, 95);

        Alert opened = new Alert(Alert.idOf(PATIENT, AlertKind.REPEATED, "o3"), PATIENT, AlertKind.REPEATED,
                AlertStatus.OPEN, at(30), at(30), null, at(30), null, 3, 162, 92, List.of("o1", "o2", "o3"),
                Review.UNREVIEWED);
        assertThat(events).containsExactly(opened);
        assertThat(state().repeated()).isEqualTo(new Alert(opened.alertId(), PATIENT, AlertKind.REPEATED,
                AlertStatus.OPEN, at(30), at(95), null, at(95), null, 5, 170, 101, List.of("o1", "o2", "o3"),
                Review.UNREVIEWED));
        assertThat(state().crisis()).isNull();
    }

    @Test
    void threeAnomaliesSpreadOverMoreThanTheWindowOpenNothing() {
        read("o1", 0, 150, 95);
        read("o2", 20, 150, 95);
        read("o3", 31, 150, 95);

        assertThat(events).isEmpty();
        assertThat(state().window()).extracting(AlertingReading::observationId).containsExactly("o2", "o3");
        read("o4", 45, 150, 95);
        assertThat(events).extracting(Alert::observationIds).containsExactly(List.of("o2", "o3", "o4"));
    }

    @Test
    void aCrisisInsideASustainedEpisodeOpensBothKindsOnceEach() {
        read("o1", 0, 150, 95);
        read("o2", 5, 150, 95);
        read("o3", 10, 185, 110);
        read("o4", 15, 190, 100);

        assertThat(events).extracting(Alert::kind, Alert::openedAt, Alert::observationIds).containsExactly(
                tuple(AlertKind.CRISIS, at(10), List.of("o3")),
                tuple(AlertKind.REPEATED, at(10), List.of("o1", "o2", "o3")));
        assertThat(state().crisis()).extracting(Alert::readings, Alert::systolic, Alert::diastolic, Alert::lastReadingAt)
                .containsExactly(2, 190, 100, at(15));
        assertThat(state().repeated()).extracting(Alert::readings, Alert::systolic, Alert::diastolic)
                .containsExactly(4, 190, 100);
    }

    @Test
    void anEpisodeResolvesAfterTheQuietPeriodAndALaterOneOpensANewAlert() {
        read("o1", 0, 200, 100);
        read("o2", 60, 150, 95);
        sweep(120);
        assertThat(events).hasSize(1);
        sweep(121);
        read("o3", 200, 182, 95);

        String first = Alert.idOf(PATIENT, AlertKind.CRISIS, "o1");
        assertThat(events).containsExactly(
                new Alert(first, PATIENT, AlertKind.CRISIS, AlertStatus.OPEN, at(0), at(0), null, at(0), null, 1, 200,
                        100, List.of("o1"), Review.UNREVIEWED),
                new Alert(first, PATIENT, AlertKind.CRISIS, AlertStatus.RESOLVED, at(0), at(60), at(120), at(60),
                        "no anomalous reading for 60 minutes", 2, 200, 100, List.of("o1"), Review.UNREVIEWED),
                new Alert(Alert.idOf(PATIENT, AlertKind.CRISIS, "o3"), PATIENT, AlertKind.CRISIS, AlertStatus.OPEN,
                        at(200), at(200), null, at(200), null, 1, 182, 95, List.of("o3"), Review.UNREVIEWED));
    }

    /** Quiet period 60 minutes: a crisis taken at 0 and forwarded at 180 is open until 240, not over on arrival. */
    @Test
    void aCrisisForwardedLateIsOpenForTheQuietPeriodAfterItArrived() {
        readArrived("o1", 0, 180, 200, 100);
        sweep(181);
        sweep(240);
        assertThat(events).extracting(Alert::status).containsExactly(AlertStatus.OPEN);
        assertThat(state().crisis().quietFrom()).isEqualTo(at(180));

        sweep(241);
        assertThat(events).last().satisfies(resolved -> {
            assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(resolved.resolvedAt()).isEqualTo(at(240));
            assertThat(resolved.lastReadingAt()).isEqualTo(at(0));
        });
    }

    /** Episodes stay on effective time: the patient's own later reading ends one, whenever the readings arrived. */
    @Test
    void aBackfillOfTheSamePatientStillSplitsEpisodesByEffectiveTime() {
        readArrived("o1", 0, 5_000, 200, 100);
        readArrived("o2", 30, 5_000, 190, 100);
        readArrived("o3", 200, 5_000, 195, 100);

        String first = Alert.idOf(PATIENT, AlertKind.CRISIS, "o1");
        assertThat(events).extracting(Alert::alertId, Alert::status, Alert::resolvedAt).containsExactly(
                tuple(first, AlertStatus.OPEN, null),
                tuple(first, AlertStatus.RESOLVED, at(90)),
                tuple(Alert.idOf(PATIENT, AlertKind.CRISIS, "o3"), AlertStatus.OPEN, null));
    }

    @Test
    void aReadingAfterTheQuietPeriodResolvesTheOpenAlertBeforeItCounts() {
        read("o1", 0, 190, 100);
        read("o2", 61, 191, 100);

        assertThat(events).extracting(Alert::alertId, Alert::status, Alert::resolvedAt).containsExactly(
                tuple(Alert.idOf(PATIENT, AlertKind.CRISIS, "o1"), AlertStatus.OPEN, null),
                tuple(Alert.idOf(PATIENT, AlertKind.CRISIS, "o1"), AlertStatus.RESOLVED, at(60)),
                tuple(Alert.idOf(PATIENT, AlertKind.CRISIS, "o2"), AlertStatus.OPEN, null));
    }

    @Test
    void aReadingExactlyAtTheEndOfTheQuietPeriodStillExtendsTheAlert() {
        read("o1", 0, 190, 100);
        read("o2", 60, 150, 95);
        sweep(120);

        assertThat(events).hasSize(1);
        assertThat(state().crisis()).extracting(Alert::status, Alert::readings).containsExactly(AlertStatus.OPEN, 2);
    }

    @Test
    void theSameReadingTwiceInTheWindowCountsOnce() {
        read("o1", 0, 150, 95);
        read("o1", 0, 150, 95);
        read("o2", 5, 150, 95);

        assertThat(events).isEmpty();
        assertThat(state().window()).extracting(AlertingReading::observationId).containsExactly("o1", "o2");
    }

    @Test
    void readingsOfAResolvedEpisodeThatComeLateDoNotReopenIt() {
        read("o1", 0, 190, 100);
        sweep(61);
        read("o0", -5, 195, 100);

        assertThat(events).extracting(Alert::status).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
    }

    /** The clock that ends an episode is the wall clock: another patient's reading, however late its time, is not. */
    @Test
    void anotherPatientsReadingNeverResolvesAnAlert() {
        read("o1", 0, 196, 118);
        readAs("p-0002", "x1", T0.plus(Duration.ofDays(30_000)), null, 120, 80, false);
        readAs("p-0002", "x2", T0.plus(Duration.ofHours(3)), null, 150, 95, true);

        assertThat(events).extracting(Alert::patientId, Alert::status).containsExactly(tuple(PATIENT, AlertStatus.OPEN));
        sweep(61);
        assertThat(events).extracting(Alert::patientId, Alert::status, Alert::resolvedAt).containsExactly(
                tuple(PATIENT, AlertStatus.OPEN, null), tuple(PATIENT, AlertStatus.RESOLVED, at(60)));
    }

    /** An open alert that grows goes out as an update, at most once per update interval of wall-clock time. */
    @Test
    void anEpisodeThatGrowsIsSentAsUpdatesAtMostOncePerInterval() {
        read("o1", 0, 185, 100);
        read("o2", 1, 192, 101);
        read("o3", 2, 188, 99);
        assertThat(updates).as("the open event went out this second").isEmpty();

        tick(Duration.ofSeconds(10));
        assertThat(updates).singleElement().extracting(Alert::status, Alert::readings, Alert::systolic,
                Alert::lastReadingAt).containsExactly(AlertStatus.OPEN, 3, 192, at(2));
        tick(Duration.ofSeconds(10));
        assertThat(updates).as("nothing grew since").hasSize(1);
        assertThat(revisions).as("each event of the alert above the last").isSorted().doesNotHaveDuplicates();
        assertThat(revisions.get(0)).as("above any offset a previous release versioned with").isGreaterThanOrEqualTo(
                T0.toEpochMilli());
    }

    /** A detector's new group or a rewind publishes readings again: the alerts count each Observation once. */
    @Test
    void aReadingPublishedAgainCountsOnce() {
        read("o1", 0, 185, 100);
        read("o2", 1, 150, 95);
        read("o1", 0, 185, 100);
        read("o2", 1, 150, 95);
        tick(Duration.ofSeconds(10));

        assertThat(events).hasSize(1);
        assertThat(state().crisis().readings()).isEqualTo(2);
        assertThat(updates).extracting(Alert::readings).containsExactly(2);
    }

    /** A reading that comes late, between readings already counted, makes the worst values but is not counted. */
    @Test
    void aLateReadingInsideAnOpenEpisodeMakesItsWorstValuesWithoutACount() {
        read("o1", 0, 185, 100);
        read("o3", 10, 182, 95);
        read("o2", 5, 199, 124);

        assertThat(state().crisis()).extracting(Alert::readings, Alert::systolic, Alert::diastolic, Alert::lastReadingAt)
                .containsExactly(2, 199, 124, at(10));
    }

    @Test
    void normalReadingsAndRecordsThatAreNoReadingChangeNothing() {
        readAs(PATIENT, "n1", at(0), null, 118, 76, false);
        driver();
        readings.pipeInput(PATIENT, "{\"patient_id\": 1".getBytes(StandardCharsets.UTF_8));
        read("o1", 1, 200, 125);

        assertThat(events).extracting(Alert::observationIds).containsExactly(List.of("o1"));
    }

    /** An alert a previous release left open is continued by its patient's next reading, not opened twice. */
    @Test
    void anAlertAPreviousReleaseLeftOpenIsContinuedByThePatientsNextReading() {
        Alert left = new Alert(Alert.idOf(PATIENT, AlertKind.CRISIS, "old"), PATIENT, AlertKind.CRISIS,
                AlertStatus.OPEN, at(0), at(0), null, null, null, 1, 190, 110, List.of("old"), null);
        carriedOver.add(left);
        read("o1", 20, 199, 121);
        tick(Duration.ofSeconds(10));

        assertThat(events).isEmpty();
        assertThat(updates).singleElement().extracting(Alert::alertId, Alert::readings, Alert::systolic)
                .containsExactly(left.alertId(), 2, 199);
    }

    /** ... and resolved by the clock when its patient stays quiet: never left open forever. */
    @Test
    void anAlertAPreviousReleaseLeftOpenIsResolvedByTheClock() {
        carriedOver.add(new Alert(Alert.idOf(PATIENT, AlertKind.CRISIS, "old"), PATIENT, AlertKind.CRISIS,
                AlertStatus.OPEN, at(-200), at(-100), null, null, null, 1, 190, 95, List.of("old"), null));
        tick(Duration.ofSeconds(1));

        assertThat(events).singleElement().extracting(Alert::status, Alert::resolvedAt)
                .containsExactly(AlertStatus.RESOLVED, at(-40));
    }

    /**
     * A sustained alert of a previous release (its short-window rule) is the home rule's now: with no reading of its
     * patient it resolves 7 days after its last one, when nothing is left to judge.
     */
    @Test
    void aSustainedAlertAPreviousReleaseLeftOpenResolvesSevenDaysAfterItsLastReading() {
        carriedOver.add(new Alert(Alert.idOf(PATIENT, AlertKind.SUSTAINED, "old"), PATIENT, AlertKind.SUSTAINED,
                AlertStatus.OPEN, at(-200), at(-100), null, null, null, 3, 150, 95, List.of("a", "b", "old"), null));
        tick(Duration.ofDays(6));
        assertThat(events).isEmpty();

        tick(Duration.ofDays(1));

        assertThat(events).singleElement().extracting(Alert::status, Alert::resolvedAt, Alert::resolution)
                .containsExactly(AlertStatus.RESOLVED, at(-100).plus(Duration.ofDays(7)), "no reading for 7 days");
    }

    @Test
    void theIdIsTheFirst32HexDigitsOfSha256OverPatientKindAndObservation() {
        // printf 'p-0001|crisis|o1' | sha256sum
        assertThat(Alert.idOf(PATIENT, AlertKind.CRISIS, "o1")).isEqualTo("cb1efb98ab71f571f61ca9689069774c");
    }
}
