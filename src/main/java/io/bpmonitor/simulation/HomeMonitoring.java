package io.bpmonitor.simulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;

import io.bpmonitor.fhir.PlausibleRanges;

/**
 * Patients who measure at home the way the ESH protocol asks (docs/simulator.md): a sitting in the morning and one in
 * the evening, two readings a sitting a minute or two apart, some sittings missed. Simulated time starts
 * {@code backlog} before now and runs {@code compression} times faster than the wall clock until it reaches it, then
 * with it: a local run has days of readings within minutes and never a reading from the future.
 */
public final class HomeMonitoring implements ReadingSource {

    static final LocalTime MORNING = LocalTime.of(7, 0);
    static final LocalTime EVENING = LocalTime.of(20, 0);
    /** Standard deviation of a sitting's time around 07:00 and 20:00. */
    static final Duration SITTING_SPREAD = Duration.ofMinutes(30);
    static final double MISSED_SITTING = 0.1;
    static final double SYSTOLIC_NOISE = 8;
    static final double DIASTOLIC_NOISE = 5;
    /** Correlation of a reading's systolic and diastolic deviations. */
    static final double CORRELATION = 0.6;
    /** Morning readings run higher (the morning surge). */
    static final double MORNING_SURGE = 5;
    static final double CRISIS_PER_READING = 0.001;
    /** Home readings run below the office ones the cohort's profiles describe (ESH: 135/85 home for 140/90). */
    static final double HOME_SYSTOLIC_OFFSET = -5;
    static final double HOME_DIASTOLIC_OFFSET = -3;
    static final double LOW_PER_READING = 0.005;
    /** Patients below the home line whose pressure drifts up over a week, and by how much. */
    static final double DRIFTING_SHARE = 0.1;
    static final double DRIFTING_BELOW = 135;
    static final double DRIFT_SYSTOLIC_PER_WEEK = 15;
    static final double DRIFT_DIASTOLIC_PER_WEEK = 8;

    private final List<HomePatient> patients = new ArrayList<>();
    private final Random random;
    private final Clock wallClock;
    private final ZoneId zone;
    private final double compression;
    private final Instant wallStart;
    private final Instant simulatedStart;
    private final PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));
    private LocalDate scheduledThrough;

    /** One patient as measured at home: the cohort's patient, and whether their pressure drifts up. */
    private record HomePatient(SimulatedPatient patient, boolean drifting) {
    }

    /** A reading due at a simulated time. */
    private record Due(Instant at, HomePatient patient, boolean morning) {
    }

    public HomeMonitoring(PatientCohort cohort, Random random, Clock wallClock, ZoneId zone, double compression,
                          Duration backlog) {
        this.random = random;
        this.wallClock = wallClock;
        this.zone = zone;
        this.compression = compression;
        this.wallStart = wallClock.instant();
        this.simulatedStart = wallStart.minus(backlog);
        for (SimulatedPatient patient : cohort.patients()) {
            boolean drifting = random.nextDouble() < DRIFTING_SHARE * 2
                    && patient.baselineSystolic() + HOME_SYSTOLIC_OFFSET < DRIFTING_BELOW;
            patients.add(new HomePatient(patient, drifting));
        }
    }

    /** Simulated now: {@code compression} times the wall clock's pace from the backlog's start, never past it. */
    Instant simulatedNow() {
        Instant wallNow = wallClock.instant();
        long elapsed = Duration.between(wallStart, wallNow).toMillis();
        Instant fast = simulatedStart.plusMillis((long) (elapsed * compression));
        return fast.isAfter(wallNow) ? wallNow : fast;
    }

    @Override
    public List<SimulatedReading> due() {
        Instant now = simulatedNow();
        schedule(now);
        List<SimulatedReading> readings = new ArrayList<>();
        while (!due.isEmpty() && !due.peek().at().isAfter(now)) {
            Due next = due.poll();
            readings.add(reading(next));
        }
        return readings;
    }

    /** Puts the patients' sittings of each day up to the day of {@code now} in the queue, once. */
    private void schedule(Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate from = scheduledThrough == null ? simulatedStart.atZone(zone).toLocalDate()
                : scheduledThrough.plusDays(1);
        for (LocalDate day = from; !day.isAfter(today); day = day.plusDays(1)) {
            for (HomePatient patient : patients) {
                sitting(patient, day, MORNING, true);
                sitting(patient, day, EVENING, false);
            }
        }
        scheduledThrough = today;
    }

    private void sitting(HomePatient patient, LocalDate day, LocalTime around, boolean morning) {
        if (random.nextDouble() < MISSED_SITTING) {
            return;
        }
        long spread = (long) (random.nextGaussian() * SITTING_SPREAD.toSeconds());
        Instant first = ZonedDateTime.of(day, around, zone).toInstant().plusSeconds(spread);
        if (first.isBefore(simulatedStart)) {
            return;
        }
        due.add(new Due(first, patient, morning));
        due.add(new Due(first.plusSeconds(60 + random.nextInt(60)), patient, morning));
    }

    private SimulatedReading reading(Due due) {
        SimulatedPatient patient = due.patient().patient();
        // a drifting patient rises over the first week and stays there
        double weeks = Math.min(1, Duration.between(simulatedStart, due.at()).toHours() / (24.0 * 7));
        double systolic = patient.baselineSystolic() + HOME_SYSTOLIC_OFFSET + (due.morning() ? MORNING_SURGE : 0);
        double diastolic = patient.baselineDiastolic() + HOME_DIASTOLIC_OFFSET;
        if (due.patient().drifting()) {
            systolic += DRIFT_SYSTOLIC_PER_WEEK * weeks;
            diastolic += DRIFT_DIASTOLIC_PER_WEEK * weeks;
        }
        double common = random.nextGaussian();
        systolic += SYSTOLIC_NOISE * common;
        diastolic += DIASTOLIC_NOISE * (CORRELATION * common
                + Math.sqrt(1 - CORRELATION * CORRELATION) * random.nextGaussian());
        double event = random.nextDouble();
        if (event < CRISIS_PER_READING) {
            systolic += 40 + random.nextInt(15);
            diastolic += 20 + random.nextInt(8);
        } else if (event < CRISIS_PER_READING + LOW_PER_READING) {
            systolic -= 35 + random.nextInt(10);
            diastolic -= 20 + random.nextInt(6);
        }
        int diastolicMmHg = clamp((int) Math.round(diastolic), PlausibleRanges.DIASTOLIC_MIN,
                PlausibleRanges.DIASTOLIC_MAX - ReadingGenerator.MIN_PULSE_PRESSURE);
        int systolicMmHg = clamp((int) Math.round(systolic), diastolicMmHg + ReadingGenerator.MIN_PULSE_PRESSURE,
                PlausibleRanges.SYSTOLIC_MAX);
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        return new SimulatedReading(id, patient.id(), patient.deviceId(), OffsetDateTime.ofInstant(due.at(), zone),
                systolicMmHg, diastolicMmHg);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
