package io.bpmonitor.board;

import java.util.Map;

/** Human-readable names for the codes stored in Elasticsearch ({@code hypertension_type}, {@code grade}). */
public final class Labels {

    private static final Map<String, String> TYPES = Map.of(
            "isolated_systolic", "Isolated systolic",
            "isolated_diastolic", "Isolated diastolic",
            "systolic_diastolic", "Systolic and diastolic",
            "none", "Below 140/90");

    private static final Map<String, String> GRADES = Map.of(
            "optimal", "Optimal",
            "normal", "Normal",
            "high_normal", "High normal",
            "grade_1", "Grade 1 (mild)",
            "grade_2", "Grade 2 (moderate)",
            "grade_3", "Grade 3 (severe)");

    private static final Map<String, String> ALERT_KINDS = Map.of(
            "crisis", "Hypertensive crisis",
            "sustained", "Sustained hypertension at home",
            "repeated", "Repeated high readings",
            "hypotension", "Low blood pressure");

    private Labels() {
    }

    /** e.g. {@code isolated_systolic} → {@code Isolated systolic}; an unknown code is shown as it is. */
    public static String type(String code) {
        return code == null ? "" : TYPES.getOrDefault(code, code);
    }

    /** e.g. {@code grade_2} → {@code Grade 2 (moderate)}; an unknown code is shown as it is. */
    public static String grade(String code) {
        return code == null ? "" : GRADES.getOrDefault(code, code);
    }

    /** e.g. {@code crisis} → {@code Hypertensive crisis}; an unknown code is shown as it is. */
    public static String alertKind(String code) {
        return code == null ? "" : ALERT_KINDS.getOrDefault(code, code);
    }
}
