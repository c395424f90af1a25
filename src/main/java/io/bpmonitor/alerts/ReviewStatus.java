package io.bpmonitor.alerts;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a clinician's review of an alert stands: every alert starts unreviewed, is acknowledged by the clinician who
 * takes it on, and is closed, with an outcome, by a named clinician; only a close takes it off the review queue.
 */
public enum ReviewStatus {
    UNREVIEWED("unreviewed"),
    ACKNOWLEDGED("acknowledged"),
    CLOSED("closed");

    private final String code;

    ReviewStatus(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
