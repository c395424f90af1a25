package io.bpmonitor.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.bpmonitor.testing.MovingClock;
import org.junit.jupiter.api.Test;

/** The home patients of the simulator on a clock the test moves: when they measure, what, and in what time. */
class HomeMonitoringTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final MovingClock clock = new MovingClock(NOW);

    private HomeMonitoring home(int patients, double compression) {
        Random random = new Random(7);
        return new HomeMonitoring(PatientCohort.generate(patients, random), random, clock, PARIS, compression,
                Duration.ofDays(14));
    }

    @Test
    void simulatedTimeRunsFastFromTheBacklogUntilItReachesTheWallClockThenWithIt() {
        HomeMonitoring home = home(1, 1440);

        assertThat(home.simulatedNow()).isEqualTo(NOW.minus(Duration.ofDays(14)));
        clock.set(NOW.plus(Duration.ofMinutes(1)));
        assertThat(home.simulatedNow()).as("a day a minute").isEqualTo(NOW.minus(Duration.ofDays(13)));
        clock.set(NOW.plus(Duration.ofMinutes(20)));
        assertThat(home.simulatedNow()).as("never past the wall clock").isEqualTo(clock.instant());
    }

    @Test
    void patientsMeasureTwiceMorningAndEveningMissingSomeSittingsAndNothingFromTheFuture() {
        HomeMonitoring home = home(100, 1_000_000);
        clock.set(NOW.plus(Duration.ofSeconds(2)));

        List<SimulatedReading> readings = home.due();

        // 100 patients, 14 days and a half, 2 sittings a day, 2 readings a sitting, 1 sitting in 10 missed
        assertThat(readings).hasSizeBetween(4_600, 5_700);
        Map<String, List<SimulatedReading>> byPatient = new HashMap<>();
        for (SimulatedReading reading : readings) {
            assertThat(reading.takenAt().toInstant()).isBeforeOrEqualTo(clock.instant())
                    .isAfterOrEqualTo(NOW.minus(Duration.ofDays(14)));
            LocalTime local = reading.takenAt().atZoneSameInstant(PARIS).toLocalTime();
            assertThat(local).as("around 07:00 or 20:00 in the programme's zone")
                    .satisfiesAnyOf(time -> assertThat(time).isBetween(LocalTime.of(4, 30), LocalTime.of(9, 40)),
                            time -> assertThat(time).isBetween(LocalTime.of(17, 30), LocalTime.of(22, 40)));
            byPatient.computeIfAbsent(reading.patientId(), patient -> new ArrayList<>()).add(reading);
        }
        for (List<SimulatedReading> ofPatient : byPatient.values()) {
            for (int i = 1; i < ofPatient.size(); i++) {
                assertThat(ofPatient.get(i).takenAt()).as("each patient's readings in order")
                        .isAfterOrEqualTo(ofPatient.get(i - 1).takenAt());
            }
        }
    }

    @Test
    void crisesAreRareSomeReadingsAreLowAndTheTwoValuesMoveTogether() {
        HomeMonitoring home = home(400, 1_000_000);
        clock.set(NOW.plus(Duration.ofSeconds(2)));

        List<SimulatedReading> readings = home.due();

        long crises = readings.stream().filter(r -> r.systolic() >= 180 || r.diastolic() >= 120).count();
        long low = readings.stream().filter(r -> r.systolic() < 90 || r.diastolic() < 60).count();
        assertThat((double) crises / readings.size()).as("crises well under 1 %").isLessThan(0.01);
        assertThat(low).as("some low readings").isPositive();
        assertThat(correlationWithinPatients(readings)).as("systolic and diastolic correlated").isGreaterThan(0.4);
    }

    @Test
    void aFewPatientsDriftUpOverAWeek() {
        HomeMonitoring home = home(200, 1_000_000);
        clock.set(NOW.plus(Duration.ofSeconds(2)));
        Instant firstDaysEnd = NOW.minus(Duration.ofDays(11));
        Instant lastDaysStart = NOW.minus(Duration.ofDays(3));

        Map<String, double[]> sums = new HashMap<>();
        for (SimulatedReading reading : home.due()) {
            Instant at = reading.takenAt().toInstant();
            int slot = at.isBefore(firstDaysEnd) ? 0 : at.isAfter(lastDaysStart) ? 2 : -1;
            if (slot >= 0) {
                double[] sum = sums.computeIfAbsent(reading.patientId(), patient -> new double[4]);
                sum[slot] += reading.systolic();
                sum[slot + 1]++;
            }
        }
        long drifting = sums.values().stream().filter(sum -> sum[2] / sum[3] - sum[0] / sum[1] > 8).count();
        assertThat(drifting).as("about 1 patient in 10, their last 3 days some 12 mmHg above their first 3")
                .isBetween(10L, 45L);
    }

    private static double correlationWithinPatients(List<SimulatedReading> readings) {
        Map<String, double[]> means = new HashMap<>();
        for (SimulatedReading reading : readings) {
            double[] mean = means.computeIfAbsent(reading.patientId(), patient -> new double[3]);
            mean[0] += reading.systolic();
            mean[1] += reading.diastolic();
            mean[2]++;
        }
        double covariance = 0;
        double systolicVariance = 0;
        double diastolicVariance = 0;
        for (SimulatedReading reading : readings) {
            double[] mean = means.get(reading.patientId());
            double s = reading.systolic() - mean[0] / mean[2];
            double d = reading.diastolic() - mean[1] / mean[2];
            covariance += s * d;
            systolicVariance += s * s;
            diastolicVariance += d * d;
        }
        return covariance / Math.sqrt(systolicVariance * diastolicVariance);
    }
}
