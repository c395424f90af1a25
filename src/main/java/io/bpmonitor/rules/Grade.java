package io.bpmonitor.rules;

import java.util.Locale;

/**
 * ESC/ESH 2018 office blood-pressure categories. The higher category of the systolic and the diastolic value decides.
 */
public enum Grade {
    OPTIMAL(0, 0),
    NORMAL(120, 80),
    HIGH_NORMAL(130, 85),
    GRADE_1(140, 90),
    GRADE_2(160, 100),
    GRADE_3(180, 110);

    private final int systolicFrom;
    private final int diastolicFrom;

    Grade(int systolicFrom, int diastolicFrom) {
        this.systolicFrom = systolicFrom;
        this.diastolicFrom = diastolicFrom;
    }

    public static Grade of(int systolic, int diastolic) {
        Grade[] grades = values();
        for (int i = grades.length - 1; i > 0; i--) {
            if (systolic >= grades[i].systolicFrom || diastolic >= grades[i].diastolicFrom) {
                return grades[i];
            }
        }
        return OPTIMAL;
    }

    /** The value stored in Elasticsearch, e.g. {@code grade_2}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
