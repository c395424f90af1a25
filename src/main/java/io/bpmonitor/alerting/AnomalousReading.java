package io.bpmonitor.alerting;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An anomaly as the alert rules see it: which Observation, when it was taken, its values, and whether it is a crisis. */
public record AnomalousReading(
        @JsonProperty("observation_id") String observationId,
        @JsonProperty("effective_at") Instant effectiveAt,
        @JsonProperty("systolic") int systolic,
        @JsonProperty("diastolic") int diastolic,
        @JsonProperty("crisis") boolean crisis) {

    /** The worse of two readings: the higher systolic, then the higher diastolic. */
    public boolean worseThan(int otherSystolic, int otherDiastolic) {
        return systolic > otherSystolic || systolic == otherSystolic && diastolic > otherDiastolic;
    }
}
