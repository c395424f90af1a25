package io.bpmonitor.alerts;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A reading the alert rules act on (an anomaly, a low pressure) as they see it: which Observation, when it was taken and
 * when it arrived (null: not known, as in state written before arrivals were kept), its values (one may be null: a
 * partial reading), and whether it is a crisis. Which kinds of alert it concerns is {@link AlertKind#concerning}'s to say.
 */
public record AlertingReading(
        @JsonProperty("observation_id") String observationId,
        @JsonProperty("effective_at") Instant effectiveAt,
        @JsonProperty("arrived_at") Instant arrivedAt,
        @JsonProperty("systolic") Integer systolic,
        @JsonProperty("diastolic") Integer diastolic,
        @JsonProperty("crisis") boolean crisis) {

    /** The later of when it was taken and when it arrived: what an alert's quiet period counts from. */
    Instant latestOfTakenAndArrived() {
        return arrivedAt != null && arrivedAt.isAfter(effectiveAt) ? arrivedAt : effectiveAt;
    }

    /** Whether it is worse than the values given for an alert of {@code kind} ({@link AlertKind#worse}). */
    public boolean worseThan(AlertKind kind, Integer otherSystolic, Integer otherDiastolic) {
        return kind.worse(systolic, diastolic, otherSystolic, otherDiastolic);
    }
}
