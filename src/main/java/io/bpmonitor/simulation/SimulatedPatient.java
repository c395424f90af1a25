package io.bpmonitor.simulation;

/**
 * A synthetic patient: synthetic ids only, never real identities.
 *
 * @param id                 e.g. {@code p-0042}
 * @param deviceId           the patient's cuff, e.g. {@code cuff-0042}
 * @param profile            the group the baseline was drawn from
 * @param baselineSystolic   mmHg around which this patient's readings vary
 * @param baselineDiastolic  mmHg around which this patient's readings vary
 */
public record SimulatedPatient(String id, String deviceId, BloodPressureProfile profile,
                               double baselineSystolic, double baselineDiastolic) {
}
