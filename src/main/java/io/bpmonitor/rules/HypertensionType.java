package io.bpmonitor.rules;

import java.util.Locale;

/** The kind of hypertension a reading shows, by the ESC/ESH 140/90 mmHg lines. */
public enum HypertensionType {
    /** SBP ≥ 140 and DBP < 90. */
    ISOLATED_SYSTOLIC,
    /** SBP < 140 and DBP ≥ 90. */
    ISOLATED_DIASTOLIC,
    /** SBP ≥ 140 and DBP ≥ 90. */
    SYSTOLIC_DIASTOLIC,
    /** Below both lines: only indexed when an operator lowers the detection thresholds. */
    NONE;

    static final int SYSTOLIC_LINE = 140;
    static final int DIASTOLIC_LINE = 90;

    public static HypertensionType of(int systolic, int diastolic) {
        boolean systolicHigh = systolic >= SYSTOLIC_LINE;
        boolean diastolicHigh = diastolic >= DIASTOLIC_LINE;
        if (systolicHigh && diastolicHigh) {
            return SYSTOLIC_DIASTOLIC;
        }
        if (systolicHigh) {
            return ISOLATED_SYSTOLIC;
        }
        return diastolicHigh ? ISOLATED_DIASTOLIC : NONE;
    }

    /** The value stored in Elasticsearch, e.g. {@code isolated_systolic}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
