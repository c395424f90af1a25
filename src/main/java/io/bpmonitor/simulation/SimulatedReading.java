package io.bpmonitor.simulation;

import java.time.OffsetDateTime;

/**
 * One simulated measurement, before it is written as FHIR ({@link ObservationJson}).
 *
 * @param deviceId the cuff, or {@code null} when not modelled
 */
public record SimulatedReading(String id, String patientId, String deviceId, OffsetDateTime takenAt, int systolic,
                               int diastolic) {
}
