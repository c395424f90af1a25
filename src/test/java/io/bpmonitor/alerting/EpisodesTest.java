package io.bpmonitor.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The alert rules on known sequences of one patient's anomalous readings, value by value. */
class EpisodesTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final String PATIENT = "p-0001";

    private final Episodes episodes = new Episodes(
            new AlertRules(3, Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofSeconds(10)));
    private PatientAlerts state = PatientAlerts.NONE;
    private final List<Alert> events = new ArrayList<>();

    private void read(String id, int minutes, int systolic, int diastolic) {
        boolean crisis = systolic >= 180 || diastolic >= 120;
        Episodes.Step step = episodes.fold(PATIENT, state,
                new AnomalousReading(id, T0.plus(Duration.ofMinutes(minutes)), null, systolic, diastolic, crisis));
        state = step.state();
        events.addAll(step.events());
    }

    private void readArrived(String id, int minutes, int arrivedMinutes, int systolic, int diastolic) {
        Episodes.Step step = episodes.fold(PATIENT, state, new AnomalousReading(id, at(minutes), at(arrivedMinutes),
                systolic, diastolic, systolic >= 180 || diastolic >= 120));
        state = step.state();
        events.addAll(step.events());
    }

    private void sweep(int minutes) {
        Episodes.Step step = episodes.sweep(state, T0.plus(Duration.ofMinutes(minutes)));
        state = step.state();
        events.addAll(step.events());
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void aCrisisReadingOpensACrisisAlertAtOnce() {
        read("o1", 0, 195, 125);

        assertThat(events).containsExactly(new Alert(Alert.idOf(PATIENT, AlertKind.CRISIS, "o1"), PATIENT,
                AlertKind.CRISIS, AlertStatus.OPEN, at(0), at(0), null, at(0), null, 1, 195, 125, List.of("o1"),
                ReviewStatus.UNREVIEWED));
        assertThat(state.sustained()).isNull();
        assertThat(state.window()).extracting(AnomalousReading::observationId).containsExactly("o1");
    }

    @Test
    void threeAnomaliesWithinThirtyMinutesOpenOneSustainedAlertAndLaterOnesExtendIt() {
        read("o1", 0, 150, 95);
        read("o2", 10, 162, 92);
        assertThat(events).isEmpty();
        read("o3", 30, 145, 99);
        read("o4", 40, 170, 101);
        read("o5", 95, 150, 95);

        Alert opened = new Alert(Alert.idOf(PATIENT, AlertKind.SUSTAINED, "o3"), PATIENT, AlertKind.SUSTAINED,
                AlertStatus.OPEN, at(30), at(30), null, at(30), null, 3, 162, 92, List.of("o1", "o2", "o3"),
                ReviewStatus.UNREVIEWED);
        assertThat(events).containsExactly(opened);
        assertThat(state.sustained()).isEqualTo(new Alert(opened.alertId(), PATIENT, AlertKind.SUSTAINED,
                AlertStatus.OPEN, at(30), at(95), null, at(95), null, 5, 170, 101, List.of("o1", "o2", "o3"),
                ReviewStatus.UNREVIEWED));
        assertThat(state.crisis()).isNull();
    }

    @Test
    void threeAnomaliesSpreadOverMoreThanTheWindowOpenNothing() {
        read("o1", 0, 150, 95);
        read("o2", 20, 150, 95);
        read("o3", 31, 150, 95);

        assertThat(events).isEmpty();
        assertThat(state.window()).extracting(AnomalousReading::observationId).containsExactly("o2", "o3");
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
                tuple(AlertKind.SUSTAINED, at(10), List.of("o1", "o2", "o3")));
        assertThat(state.crisis()).extracting(Alert::readings, Alert::systolic, Alert::diastolic, Alert::lastReadingAt)
                .containsExactly(2, 190, 100, at(15));
        assertThat(state.sustained()).extracting(Alert::readings, Alert::systolic, Alert::diastolic)
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
                        100, List.of("o1"), ReviewStatus.UNREVIEWED),
                new Alert(first, PATIENT, AlertKind.CRISIS, AlertStatus.RESOLVED, at(0), at(60), at(120), at(60),
                        "no anomalous reading for 60 minutes", 2, 200, 100, List.of("o1"), ReviewStatus.UNREVIEWED),
                new Alert(Alert.idOf(PATIENT, AlertKind.CRISIS, "o3"), PATIENT, AlertKind.CRISIS, AlertStatus.OPEN,
                        at(200), at(200), null, at(200), null, 1, 182, 95, List.of("o3"), ReviewStatus.UNREVIEWED));
    }

    /** Quiet period 60 minutes: a crisis taken at 0 and forwarded at 180 is open until 240, not over on arrival. */
    @Test
    void aCrisisForwardedLateIsOpenForTheQuietPeriodAfterItArrived() {
        readArrived("o1", 0, 180, 200, 100);
        sweep(181);
        sweep(240);
        assertThat(events).extracting(Alert::status).containsExactly(AlertStatus.OPEN);
        assertThat(state.crisis().quietFrom()).isEqualTo(at(180));

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
        assertThat(state.crisis()).extracting(Alert::status, Alert::readings).containsExactly(AlertStatus.OPEN, 2);
    }

    @Test
    void theSameReadingTwiceInTheWindowCountsOnce() {
        read("o1", 0, 150, 95);
        read("o1", 0, 150, 95);
        read("o2", 5, 150, 95);

        assertThat(events).isEmpty();
        assertThat(state.window()).extracting(AnomalousReading::observationId).containsExactly("o1", "o2");
    }

    @Test
    void readingsOfAResolvedEpisodeThatComeLateDoNotReopenIt() {
        read("o1", 0, 190, 100);
        sweep(61);
        read("o0", -5, 195, 100);

        assertThat(events).extracting(Alert::status).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
    }

    @Test
    void theIdIsTheFirst32HexDigitsOfSha256OverPatientKindAndObservation() {
        // printf 'p-0001|crisis|o1' | sha256sum
        assertThat(Alert.idOf(PATIENT, AlertKind.CRISIS, "o1")).isEqualTo("cb1efb98ab71f571f61ca9689069774c");
    }
}
