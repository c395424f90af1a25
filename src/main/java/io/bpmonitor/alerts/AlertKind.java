package io.bpmonitor.alerts;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an alert is about; each kind has its own episodes, so a patient has at most one open alert of each. */
public enum AlertKind {
    /** One reading at or above the crisis rule of {@code routes/detector.yaml} (ACC/AHA 2017: ≥ 180 or ≥ 120 mmHg). */
    CRISIS("crisis"),
    /**
     * The home rule: the mean of the patient's readings over the last 7 days at or above the home lines (135/85 by
     * default), with enough readings on enough days; it resolves when that mean falls back below, never by silence.
     */
    SUSTAINED("sustained"),
    /**
     * One reading below the low-pressure rule of {@code routes/detector.yaml} (systolic &lt; 90 or diastolic &lt; 60
     * mmHg by default): urgent like a crisis.
     */
    HYPOTENSION("hypotension"),
    /**
     * Several anomalous readings within a short window (BP_ALERT_REPEATED_READINGS within
     * BP_ALERT_REPEATED_WINDOW_MINUTES): one high sitting; off by default.
     */
    REPEATED("repeated");

    /**
     * The kinds decided on readings one by one, whose alerts keep the readings they took (the home rule is decided on
     * 7-day means), in the order their state is written.
     */
    static final List<AlertKind> OF_READINGS = List.of(CRISIS, HYPOTENSION, REPEATED);

    /** The kinds a clinician must close: their episode ending is not enough (docs/alerts.md#review). */
    private static final Set<AlertKind> URGENT = EnumSet.of(CRISIS, HYPOTENSION);

    /** The kinds one anomalous reading can open or join; the home rule is decided on means, not on one reading. */
    private static final Set<AlertKind> HYPERTENSION = EnumSet.of(CRISIS, REPEATED);

    private final String code;

    AlertKind(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /** Crisis and low pressure: escalated when nobody acknowledges them, and closed only by a clinician. */
    public boolean urgent() {
        return URGENT.contains(this);
    }

    /** The kinds a reading can open or join: an anomaly the hypertension ones, a low pressure the hypotension. */
    static Set<AlertKind> concerning(boolean anomaly, boolean low) {
        Set<AlertKind> kinds = EnumSet.noneOf(AlertKind.class);
        if (anomaly) {
            kinds.addAll(HYPERTENSION);
        }
        if (low) {
            kinds.add(HYPOTENSION);
        }
        return kinds;
    }

    /**
     * Whether a reading is worse than another for an alert of this kind: the higher systolic, then the higher
     * diastolic; for hypotension the lower. An absent value (null, a partial reading) is never the worse one.
     */
    boolean worse(Integer systolic, Integer diastolic, Integer thanSystolic, Integer thanDiastolic) {
        int s = rank(systolic);
        int thanS = rank(thanSystolic);
        return s > thanS || s == thanS && rank(diastolic) > rank(thanDiastolic);
    }

    /** Higher is worse: the value itself, negated for hypotension; absent the least bad of all. */
    private int rank(Integer value) {
        if (value == null) {
            return Integer.MIN_VALUE;
        }
        return this == HYPOTENSION ? -value : value;
    }
}
