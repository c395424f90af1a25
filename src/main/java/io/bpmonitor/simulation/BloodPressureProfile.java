package io.bpmonitor.simulation;

/**
 * The groups a simulated cohort is drawn from. Each patient gets a baseline from its group; systolic and diastolic
 * baselines are drawn independently so isolated systolic, isolated diastolic and combined hypertension all occur.
 */
public enum BloodPressureProfile {
    NORMOTENSIVE(57, 118, 8, 76, 5),
    ISOLATED_SYSTOLIC(16, 152, 7, 80, 4),
    ISOLATED_DIASTOLIC(9, 130, 5, 95, 3),
    COMBINED(18, 155, 8, 96, 3);

    /** Share of the cohort, in percent. */
    final int weight;
    final double systolicMean;
    final double systolicSpread;
    final double diastolicMean;
    final double diastolicSpread;

    BloodPressureProfile(int weight, double systolicMean, double systolicSpread,
                         double diastolicMean, double diastolicSpread) {
        this.weight = weight;
        this.systolicMean = systolicMean;
        this.systolicSpread = systolicSpread;
        this.diastolicMean = diastolicMean;
        this.diastolicSpread = diastolicSpread;
    }

    static BloodPressureProfile pick(int percentile) {
        int cumulative = 0;
        for (BloodPressureProfile profile : values()) {
            cumulative += profile.weight;
            if (percentile < cumulative) {
                return profile;
            }
        }
        return NORMOTENSIVE;
    }
}
