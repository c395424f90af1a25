package io.bpmonitor.rules;

import io.bpmonitor.fhir.BloodPressureReading;

/** Classifies a reading by kind, grade and a single severity score used to rank the most critical patients. */
public class HypertensionClassifier {

    /** A value that says nothing of how high the pressure is (absent, or only "at most") counts for nothing. */
    public Classification classify(BloodPressureReading reading) {
        BloodPressureReading known = reading.forHighRules();
        int systolic = known.systolic();
        int diastolic = known.diastolic();
        boolean both = reading.systolicOrNull() != null && reading.diastolicOrNull() != null;
        return new Classification(
                HypertensionType.of(systolic, diastolic),
                Grade.of(systolic, diastolic),
                severity(systolic, diastolic),
                both ? roundToTenth((reading.systolic() + 2.0 * reading.diastolic()) / 3.0) : null);
    }

    /**
     * The grade scale made continuous: each value is placed on a line where 1.0 starts grade 1 (140 / 90), 2.0 grade 2
     * (160 / 100) and 3.0 grade 3 (180 / 110), and the worse of the two counts. So severity ≥ 3 is always grade 3,
     * and within a grade a higher score is the further-gone patient. Two decimals.
     */
    public static double severity(int systolic, int diastolic) {
        double systolicScore = (systolic - 120) / 20.0;
        double diastolicScore = (diastolic - 80) / 10.0;
        return Math.round(Math.max(systolicScore, diastolicScore) * 100.0) / 100.0;
    }

    private static double roundToTenth(double value) {
        return Math.round(value * 10.0) / 10.0;
    }
}
