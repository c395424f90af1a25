package io.bpmonitor.alerts;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An anomaly as the alert rules see it: which Observation, when it was taken and when it arrived (null: not known, as
 * in state written before arrivals were kept), its values, and whether it is a crisis.
 */
public record AnomalousReading(
        @JsonProperty("observation_id") String observationId,
        @JsonProperty("effective_at") Instant effectiveAt,
        @JsonProperty("arrived_at") Instant arrivedAt,
        @JsonProperty("systolic") int systolic,
        @JsonProperty("diastolic") int diastolic,
        @JsonProperty("crisis") boolean crisis) {

    /** The later of when it was taken and when it arrived: what an alert's quiet period counts from. */
    Instant latestOfTakenAndArrived() {
        return arrivedAt != null && arrivedAt.isAfter(effectiveAt) ? arrivedAt : effectiveAt;
    }

    /** The worse of two readings: the higher systolic, then the higher diastolic. */
    public boolean worseThan(int otherSystolic, int otherDiastolic) {
        return systolic > otherSystolic || systolic == otherSystolic && diastolic > otherDiastolic;
    }
}
