package io.bpmonitor.fhir;

import java.time.Instant;
import java.util.Objects;

/**
 * One blood-pressure measurement as the detector sees it, free of FHIR: the typed value that travels between the
 * Observation and the Elasticsearch document.
 *
 * @param observationId the Observation's logical id, reused as the document id so a replay never duplicates
 * @param patientId     the id part of the subject reference {@code Patient/<id>}
 * @param deviceId      the id part of the device reference, or {@code null} when the sensor is not named
 * @param effectiveAt   when the reading was taken
 * @param systolic      systolic pressure in mmHg
 * @param diastolic     diastolic pressure in mmHg
 */
public record BloodPressureReading(
        String observationId, String patientId, String deviceId, Instant effectiveAt, int systolic, int diastolic) {

    public BloodPressureReading {
        Objects.requireNonNull(observationId, "observationId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
    }

    /** Getter for Camel's simple language, so YAML predicates can say {@code ${body.systolic}}. */
    public int getSystolic() {
        return systolic;
    }

    /** Getter for Camel's simple language, so YAML predicates can say {@code ${body.diastolic}}. */
    public int getDiastolic() {
        return diastolic;
    }
}
