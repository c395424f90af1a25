package io.bpmonitor.alerts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One patient's readings of one day, the value of the engine's store {@value AlertTopology#PATIENT_DAYS}: each
 * Observation once, in its latest version, so a reading published again counts once and a corrected one replaces the
 * first.
 *
 * @param revision the last revision its document went out with; grows with every change
 */
public record PatientDay(
        @JsonProperty("patient_id") String patientId,
        @JsonProperty("day") LocalDate day,
        @JsonProperty("readings") List<DayReading> readings,
        @JsonProperty("revision") long revision) {

    /** One reading as a day keeps it; a value is null in a partial reading. */
    public record DayReading(
            @JsonProperty("observation_id") String observationId,
            @JsonProperty("effective_at") Instant effectiveAt,
            @JsonProperty("systolic") Integer systolic,
            @JsonProperty("diastolic") Integer diastolic) {
    }

    public PatientDay {
        readings = readings == null ? List.of() : List.copyOf(readings);
    }

    static PatientDay empty(String patientId, LocalDate day) {
        return new PatientDay(patientId, day, List.of(), 0);
    }

    /** The day with {@code reading}, in place of an earlier version of the same Observation. */
    PatientDay with(DayReading reading) {
        List<DayReading> next = new ArrayList<>(readings.size() + 1);
        for (DayReading kept : readings) {
            if (!kept.observationId().equals(reading.observationId())) {
                next.add(kept);
            }
        }
        next.add(reading);
        return new PatientDay(patientId, day, next, revision);
    }

    /** The same readings, whatever their order: a reading published again changes nothing. */
    boolean sameReadingsAs(PatientDay other) {
        return other != null && readings.size() == other.readings.size()
                && readings.containsAll(other.readings);
    }

    /** The day as its document goes out now: a revision above the last one and above any earlier write's. */
    PatientDay revisedAt(Instant now) {
        return new PatientDay(patientId, day, readings, Math.max(revision + 1, now.toEpochMilli()));
    }
}
