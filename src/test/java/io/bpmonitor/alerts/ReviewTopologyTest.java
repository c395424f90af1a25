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
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The clinicians' review in the alert engine, with Kafka Streams' test driver: actions taken once and in order, the
 * loser of two at once refused, an urgent alert that no silence closes, and the escalation of the one nobody took on.
 */
class ReviewTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final String PATIENT = "p-0001";

    private final EngineDriver engine = new EngineDriver(EngineDriver.RULES, ZoneOffset.UTC, null, T0);
    /** Every event, in order: its code and the alert it carries. */
    private final List<Event> events = new ArrayList<>();
    private Instant wallClock = T0;

    private record Event(String code, Alert alert) {
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private void read(String id, int minutes, int systolic, int diastolic) {
        boolean crisis = systolic >= 180 || diastolic >= 120;
        boolean low = systolic < 90 || diastolic < 60;
        engine.readings.pipeInput(PATIENT, ClassifiedReading.toJson(List.of(new ClassifiedReading(PATIENT, id,
                T0.plus(Duration.ofMinutes(minutes)), null, systolic, diastolic, "systolic_diastolic", !low, crisis,
                low))));
        collect();
    }

    private void act(String actionId, Alert alert, ReviewAction.Kind kind, String by, int expectedRevision,
                     ReviewOutcome outcome, String assignTo) {
        ReviewAction action = new ReviewAction(actionId, alert.alertId(), PATIENT, kind, by, wallClock,
                expectedRevision, "a note from " + by, outcome, assignTo);
        engine.reviews.pipeInput(PATIENT, action.json());
        collect();
    }

    private void acknowledge(String actionId, Alert alert, String by, int expectedRevision) {
        act(actionId, alert, ReviewAction.Kind.ACKNOWLEDGE, by, expectedRevision, null, null);
    }

    private void closeAlert(String actionId, Alert alert, String by, int expectedRevision) {
        act(actionId, alert, ReviewAction.Kind.CLOSE, by, expectedRevision, ReviewOutcome.PATIENT_CONTACTED, null);
    }

    private void tick(int minutes) {
        Duration duration = Duration.ofMinutes(minutes);
        wallClock = wallClock.plus(duration);
        engine.driver.advanceWallClockTime(duration);
        collect();
    }

    private void collect() {
        for (TestRecord<String, byte[]> record : engine.alerts.readRecordsToList()) {
            events.add(new Event(new String(record.headers().lastHeader(AlertEvent.EVENT_HEADER).value(),
                    StandardCharsets.US_ASCII), AlertJson.read(record.value(), Alert.class)));
        }
    }

    private Alert last() {
        return events.get(events.size() - 1).alert();
    }

    private List<String> codes() {
        return events.stream().map(Event::code).toList();
    }

    private KeyValueStore<String, Alert> awaitingReview() {
        return engine.driver.getKeyValueStore(AlertTopology.ALERTS_AWAITING_REVIEW);
    }

    @Test
    void anAlertIsRaisedOnTheWallClockUnreviewedAndAcknowledgedOnceHoweverOftenTheActionComes() {
        read("o1", 0, 195, 125);
        Alert opened = last();
        assertThat(opened.review()).extracting(Review::status, Review::raisedAt, Review::revision)
                .containsExactly(ReviewStatus.UNREVIEWED, T0, 0);

        acknowledge("ack-0001", opened, "dr-ada", 0);
        acknowledge("ack-0001", opened, "dr-ada", 0);

        assertThat(codes()).containsExactly("opened", "acknowledged");
        assertThat(last().review()).extracting(Review::status, Review::holder, Review::by, Review::revision,
                Review::note, Review::actionIds).containsExactly(ReviewStatus.ACKNOWLEDGED, "dr-ada", "dr-ada", 1,
                "a note from dr-ada", List.of("ack-0001"));
        assertThat(last().status()).isEqualTo(AlertStatus.OPEN);
        read("o2", 5, 200, 110);
        tick(1);
        assertThat(engine.driver.<String, PatientAlerts>getKeyValueStore(AlertTopology.PATIENT_EPISODES).get(PATIENT)
                .crisis().review().holder()).as("a reading after it keeps the review").isEqualTo("dr-ada");
    }

    @Test
    void ofTwoClinicinansActingOnWhatTheySawAtOnceOneWinsAndTheOtherIsRefused() {
        read("o1", 0, 195, 125);
        Alert opened = last();

        closeAlert("close-ada", opened, "dr-ada", 0);
        acknowledge("ack-bob01", opened, "dr-bob", 0);

        assertThat(codes()).containsExactly("opened", "closed");
        assertThat(last().review()).extracting(Review::status, Review::by, Review::outcome)
                .containsExactly(ReviewStatus.CLOSED, "dr-ada", ReviewOutcome.PATIENT_CONTACTED);
    }

    @Test
    void anUrgentAlertWhoseEpisodeEndedWaitsForAClinicianToCloseIt() {
        read("o1", 0, 195, 125);
        Alert opened = last();
        acknowledge("ack-0001", opened, "dr-ada", 0);
        tick(61);

        assertThat(last()).extracting(Alert::status, Alert::reviewStatus, Alert::waitsForAClose)
                .containsExactly(AlertStatus.RESOLVED, ReviewStatus.ACKNOWLEDGED, true);
        assertThat(awaitingReview().get(opened.alertId())).isNotNull();

        closeAlert("close-01", opened, "dr-ada", 1);

        assertThat(codes()).containsExactly("opened", "acknowledged", "resolved", "closed");
        assertThat(last()).extracting(Alert::status, Alert::reviewStatus, Alert::waitsForAClose)
                .containsExactly(AlertStatus.RESOLVED, ReviewStatus.CLOSED, false);
        assertThat(awaitingReview().get(opened.alertId())).as("off the queue").isNull();
        closeAlert("close-02", opened, "dr-bob", 2);
        assertThat(codes()).as("a closed alert takes no more actions").hasSize(4);
    }

    @Test
    void closingAnOpenCrisisEndsItsEpisodeSoTheNextCrisisReadingIsANewAlert() {
        read("o1", 0, 195, 125);
        Alert first = last();
        closeAlert("close-01", first, "dr-ada", 0);
        read("o2", 10, 190, 100);

        assertThat(events).extracting(Event::code, event -> event.alert().alertId(), event -> event.alert().status())
                .containsExactly(tuple("opened", first.alertId(), AlertStatus.OPEN),
                        tuple("closed", first.alertId(), AlertStatus.RESOLVED),
                        tuple("opened", Alert.idOf(PATIENT, AlertKind.CRISIS, "o2"), AlertStatus.OPEN));
        assertThat(events.get(1).alert().resolution()).isEqualTo("closed by a clinician: patient contacted");
    }

    @Test
    void anEarlierAlertStillAwaitingReviewTakesActionsAfterANewerOneOpened() {
        read("o1", 0, 195, 125);
        Alert first = last();
        tick(61);
        read("o2", 120, 190, 100);
        Alert second = last();
        assertThat(second.alertId()).isNotEqualTo(first.alertId());

        closeAlert("close-01", first, "dr-ada", 0);

        assertThat(last()).extracting(Alert::alertId, Alert::reviewStatus)
                .containsExactly(first.alertId(), ReviewStatus.CLOSED);
        assertThat(awaitingReview().get(second.alertId()).reviewStatus()).isEqualTo(ReviewStatus.UNREVIEWED);
    }

    @Test
    void anUrgentAlertNobodyAcknowledgesEscalatesOncePerLevelUpToThree() {
        read("o1", 0, 72, 44);
        tick(14);
        assertThat(codes()).containsExactly("opened");
        tick(1);
        tick(1);
        assertThat(codes()).containsExactly("opened", "escalated");
        assertThat(last().review().escalations()).isEqualTo(1);
        tick(15);
        // at 61 minutes the episode ends by the clock: nobody acknowledged it, so it still escalates
        tick(30);
        tick(60);
        assertThat(events).extracting(Event::code, event -> event.alert().review().escalations())
                .containsExactly(tuple("opened", 0), tuple("escalated", 1), tuple("escalated", 2),
                        tuple("resolved", 2), tuple("escalated", 3));
    }

    @Test
    void anAcknowledgedAlertIsNotEscalated() {
        read("o1", 0, 195, 125);
        acknowledge("ack-0001", last(), "dr-ada", 0);
        tick(45);

        assertThat(codes()).containsExactly("opened", "acknowledged");
    }

    @Test
    void aReassignHandsTheAlertOverAndARecordThatIsNoActionChangesNothing() {
        read("o1", 0, 195, 125);
        Alert opened = last();
        act("move-001", opened, ReviewAction.Kind.REASSIGN, "dr-ada", 0, null, "dr-bob");
        engine.reviews.pipeInput(PATIENT, "{\"action\": \"close\"}".getBytes(StandardCharsets.UTF_8));
        act("short", opened, ReviewAction.Kind.ACKNOWLEDGE, "dr-ada", 1, null, null);
        collect();

        assertThat(codes()).containsExactly("opened", "reassigned");
        assertThat(last().review()).extracting(Review::status, Review::holder, Review::by)
                .containsExactly(ReviewStatus.UNREVIEWED, "dr-bob", "dr-ada");
    }
}
