package io.bpmonitor.alerts;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an alert is about; each kind has its own episodes, so a patient has at most one open alert of each. */
public enum AlertKind {
    /** One reading at or above the crisis rule of {@code routes/detector.yaml} (ACC/AHA 2017: ≥ 180 or ≥ 120 mmHg). */
    CRISIS("crisis"),
    /** Several anomalous readings within a window (BP_ALERT_SUSTAINED_READINGS within BP_ALERT_SUSTAINED_WINDOW_MINUTES). */
    SUSTAINED("sustained");

    private final String code;

    AlertKind(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
