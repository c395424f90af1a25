package io.bpmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.bpmonitor.detector.ClassifiedReading;
import io.bpmonitor.rules.PatientTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The home rule (kind {@code sustained}) on the engine's topology, value by value: the mean of the patient's last 7
 * days at or above 135/85 with at least 12 readings on at least 3 days opens it; it grows while the mean stays there,
 * and resolves at the reading that brings it below.
 */
class HomeRuleTopologyTest {

    private static final Instant DAY_ONE = Instant.parse("2026-12-01T07:00:00Z");
    private static final String PATIENT = "p-home";

    private EngineDriver engine;
    private final List<Alert> events = new ArrayList<>();
    private int sent;

    @BeforeEach
    void start() {
        // the repeated rule off: these readings' sittings are not what is tested
        engine = new EngineDriver(new AlertRules(0, Duration.ofMinutes(30), Duration.ofMinutes(60),
                Duration.ofSeconds(10), 12, 3), ZoneOffset.UTC, null, DAY_ONE.plus(Duration.ofDays(30)));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    /** Three days of four readings at these values: 12 readings on 3 days, enough to judge. */
    private void threeDays(int systolic, int diastolic) {
        for (int day = 0; day < 3; day++) {
            measure(day, 4, systolic, diastolic);
        }
    }

    /** {@code count} readings on day {@code day} (0: DAY_ONE), 2 minutes apart, each its own record. */
    private void measure(int day, int count, int systolic, int diastolic) {
        for (int i = 0; i < count; i++) {
            Instant at = DAY_ONE.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(2L * i));
            measureAt(at, systolic, diastolic);
        }
    }

    private void measureAt(Instant at, int systolic, int diastolic) {
        boolean anomaly = systolic > 140 || diastolic > 90;
        ClassifiedReading reading = new ClassifiedReading(PATIENT, "h" + sent++, at, null, systolic, diastolic,
                "none", anomaly, false, false);
        engine.readings.pipeInput(PATIENT, ClassifiedReading.toJson(List.of(reading)));
        engine.alerts.readRecordsToList().forEach(record -> events.add(AlertJson.read(record.value(), Alert.class)));
    }

    private PatientAlerts state() {
        PatientAlerts state = engine.driver.<String, PatientAlerts>getKeyValueStore(AlertTopology.PATIENT_EPISODES)
                .get(PATIENT);
        return state == null ? PatientAlerts.NONE : state;
    }

    @Test
    void theTwelfthReadingOnTheThirdDayOpensOneSustainedAlertOnTheMeans() {
        measure(0, 4, 146, 90);
        measure(1, 4, 144, 88);
        measure(2, 3, 145, 92);
        assertThat(events).as("11 readings: not enough to judge").isEmpty();

        measureAt(DAY_ONE.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(6)), 145, 92);

        assertThat(events).singleElement().satisfies(opened -> {
            assertThat(opened.kind()).isEqualTo(AlertKind.SUSTAINED);
            assertThat(opened.status()).isEqualTo(AlertStatus.OPEN);
            assertThat(opened.alertId()).isEqualTo(Alert.idOf(PATIENT, AlertKind.SUSTAINED, "h11"));
            assertThat(opened.readings()).isEqualTo(12);
            assertThat(opened.systolic()).isEqualTo(145);
            assertThat(opened.diastolic()).isEqualTo(90);
            assertThat(opened.openedAt()).isEqualTo(DAY_ONE.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(6)));
        });
    }

    @Test
    void twelveReadingsOnTwoDaysAreNotEnough() {
        measure(0, 6, 160, 100);
        measure(1, 6, 160, 100);

        assertThat(events).isEmpty();
    }

    @Test
    void aMeanAtTheLineOpensItAndOneJustUnderDoesNot() {
        threeDays(135, 80);
        assertThat(events).extracting(Alert::kind).containsExactly(AlertKind.SUSTAINED);

        events.clear();
        engine.close();
        start();
        threeDays(134, 84);
        assertThat(events).as("134/84").isEmpty();
    }

    @Test
    void itGrowsWhileTheMeanStaysAboveAndResolvesAtTheReadingThatBringsItBelow() {
        threeDays(150, 95);
        measure(3, 2, 160, 100);
        assertThat(state().sustained()).extracting(Alert::readings, Alert::systolic, Alert::diastolic)
                .as("the highest means so far, the latest count").containsExactly(14, 151, 96);

        // 14 readings at a mean of 151.4/95.7; 110/70 from then on: the 10th brings the systolic mean under 135, the
        // 11th the diastolic under 85 (134.0/84.8)
        measure(4, 10, 110, 70);
        assertThat(events).extracting(Alert::status).containsExactly(AlertStatus.OPEN);
        measure(5, 1, 110, 70);

        assertThat(events).extracting(Alert::status, Alert::resolution).containsExactly(
                tuple(AlertStatus.OPEN, null), tuple(AlertStatus.RESOLVED, "7-day mean back below 135/85 mmHg"));
        assertThat(events.get(1).resolvedAt()).isEqualTo(DAY_ONE.plus(Duration.ofDays(5)));
    }

    @Test
    void aReadingOlderThanTheAlertsLatestDoesNotEndIt() {
        threeDays(150, 95);
        // a backlog of low readings from long before: its 7 days hold too few readings to judge
        for (int i = 0; i < 3; i++) {
            measureAt(DAY_ONE.minus(Duration.ofDays(20)).plus(Duration.ofMinutes(i)), 100, 60);
        }

        assertThat(events).extracting(Alert::status).containsExactly(AlertStatus.OPEN);
    }

    @Test
    void readingsOlderThanSevenDaysAreOutOfTheMean() {
        measure(0, 12, 170, 100);
        measure(1, 1, 120, 70);
        measure(8, 6, 120, 70);
        measure(9, 6, 150, 95);

        assertThat(events).as("day 0 is out of day 9's 7 days; days 8 and 9 are two").isEmpty();
    }

    private void setTarget(int systolicUpper, int diastolicUpper) {
        engine.targets.pipeInput(PATIENT, new PatientTarget(PATIENT, systolicUpper, diastolicUpper, null, null,
                "dr.martin", DAY_ONE, "treated, under 65", PatientTarget.FROM_THE_API, false).json());
    }

    @Test
    void aPatientsOwnTargetIsTheLineFromTheirNextReadingOn() {
        setTarget(125, 75);
        threeDays(126, 74);
        assertThat(events).as("a mean of 126/74 against 125/75").singleElement().satisfies(opened -> {
            assertThat(opened.kind()).isEqualTo(AlertKind.SUSTAINED);
            assertThat(opened.systolic()).isEqualTo(126);
        });

        events.clear();
        engine.close();
        start();
        setTarget(125, 75);
        threeDays(124, 74);
        assertThat(events).as("124/74 against 125/75").isEmpty();
        // the target removed: 135/85 again. With 140/90, the 13 readings' mean is 125.2/75.2: at or above the
        // target that was, below 135/85
        engine.targets.pipeInput(PATIENT, new byte[0]);
        measure(3, 1, 140, 90);
        assertThat(events).isEmpty();
    }

    @Test
    void aTargetThatDoesNotHoldIsPassedOver() {
        setTarget(125, 130);
        threeDays(126, 74);
        assertThat(events).as("135/85 still: the target's diastolic is not below its systolic").isEmpty();
    }
}
