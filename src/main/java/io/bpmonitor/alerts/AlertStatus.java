package io.bpmonitor.alerts;

import com.fasterxml.jackson.annotation.JsonValue;

/** An alert is open from its first reading until its quiet period passed without an anomalous reading. */
public enum AlertStatus {
    OPEN("open"),
    RESOLVED("resolved");

    private final String code;

    AlertStatus(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
