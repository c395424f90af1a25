package io.bpmonitor.alerts;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An alert is open from its first reading until its quiet period passed without an anomalous reading; withdrawn when
 * every reading it stood on was entered in error.
 */
public enum AlertStatus {
    OPEN("open"),
    RESOLVED("resolved"),
    WITHDRAWN("withdrawn");

    private final String code;

    AlertStatus(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
