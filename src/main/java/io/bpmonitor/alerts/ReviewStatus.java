package io.bpmonitor.alerts;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a clinician has seen to an alert: every alert starts unreviewed. */
public enum ReviewStatus {
    UNREVIEWED("unreviewed");

    private final String code;

    ReviewStatus(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
