package io.bpmonitor.fhir;

/**
 * The values a living patient's cuff can report. Outside them a reading is a sensor or transmission fault, not a
 * hypertensive crisis, and goes to the dead-letter topic instead of the clinicians' dashboard. The low ends are ours,
 * set well below the low-pressure rule so that a low pressure is read, not refused: a systolic under 30 or a
 * diastolic under 15 mmHg leaves no pulse a cuff could measure.
 */
public final class PlausibleRanges {

    public static final int SYSTOLIC_MIN = 30;
    public static final int SYSTOLIC_MAX = 300;
    public static final int DIASTOLIC_MIN = 15;
    public static final int DIASTOLIC_MAX = 200;

    private PlausibleRanges() {
    }

    /**
     * Throws when the pair cannot come from a patient: out of range, or systolic not above diastolic. A value may be
     * absent (null, a partial reading), not both.
     */
    public static void check(Integer systolic, Integer diastolic) {
        if (systolic == null && diastolic == null) {
            throw new InvalidReadingException("neither systolic nor diastolic has a value");
        }
        if (systolic != null && (systolic < SYSTOLIC_MIN || systolic > SYSTOLIC_MAX)) {
            throw new InvalidReadingException("systolic " + systolic + " mmHg outside the plausible range "
                    + SYSTOLIC_MIN + "-" + SYSTOLIC_MAX);
        }
        if (diastolic != null && (diastolic < DIASTOLIC_MIN || diastolic > DIASTOLIC_MAX)) {
            throw new InvalidReadingException("diastolic " + diastolic + " mmHg outside the plausible range "
                    + DIASTOLIC_MIN + "-" + DIASTOLIC_MAX);
        }
        if (systolic != null && diastolic != null && systolic <= diastolic) {
            throw new InvalidReadingException("systolic " + systolic + " mmHg is not above diastolic "
                    + diastolic + " mmHg");
        }
    }
}
