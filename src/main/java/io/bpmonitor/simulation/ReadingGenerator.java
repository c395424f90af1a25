package io.bpmonitor.simulation;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Random;
import java.util.UUID;

import io.bpmonitor.fhir.PlausibleRanges;

/**
 * Draws readings from a cohort: the patient's baseline plus independent systolic and diastolic noise, and now and then
 * a crisis. Everything random comes from one seeded {@link Random}, so a seed replays the same readings.
 */
public final class ReadingGenerator {

    static final double SYSTOLIC_NOISE = 8;
    static final double DIASTOLIC_NOISE = 5;
    /** About one reading in a hundred is a crisis (≥ 180 systolic or ≥ 110 diastolic on most baselines). */
    static final double CRISIS_PROBABILITY = 0.01;
    /** Keeps a simulated pulse pressure physiological. */
    static final int MIN_PULSE_PRESSURE = 20;

    private final PatientCohort cohort;
    private final Random random;
    private final Clock clock;

    public ReadingGenerator(PatientCohort cohort, Random random, Clock clock) {
        this.cohort = cohort;
        this.random = random;
        this.clock = clock;
    }

    public SimulatedReading next() {
        SimulatedPatient patient = cohort.pick(random);
        double systolic = patient.baselineSystolic() + random.nextGaussian() * SYSTOLIC_NOISE;
        double diastolic = patient.baselineDiastolic() + random.nextGaussian() * DIASTOLIC_NOISE;
        if (random.nextDouble() < CRISIS_PROBABILITY) {
            systolic += 35 + random.nextInt(15);
            diastolic += 18 + random.nextInt(8);
        }
        int diastolicMmHg = clamp((int) Math.round(diastolic),
                PlausibleRanges.DIASTOLIC_MIN, PlausibleRanges.DIASTOLIC_MAX - MIN_PULSE_PRESSURE);
        int systolicMmHg = clamp((int) Math.round(systolic),
                diastolicMmHg + MIN_PULSE_PRESSURE, PlausibleRanges.SYSTOLIC_MAX);
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        return new SimulatedReading(id, patient.id(), patient.deviceId(), OffsetDateTime.now(clock), systolicMmHg,
                diastolicMmHg);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
