package io.bpmonitor.indexing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One document of the {@code bp_anomalies} index. Field names and types are the contract the Kibana dashboard and the
 * live board rely on; the mapping lives in {@code elasticsearch/bp_anomalies-index.json}. Dates are ISO-8601 UTC
 * strings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnomalyDocument(
        @JsonProperty("@timestamp") String timestamp,
        @JsonProperty("observation_id") String observationId,
        @JsonProperty("patient_id") String patientId,
        @JsonProperty("device_id") String deviceId,
        @JsonProperty("systolic") int systolic,
        @JsonProperty("diastolic") int diastolic,
        @JsonProperty("mean_arterial_pressure") double meanArterialPressure,
        @JsonProperty("hypertension_type") String hypertensionType,
        @JsonProperty("grade") String grade,
        @JsonProperty("severity") double severity,
        @JsonProperty("ingested_at") String ingestedAt) {
}
