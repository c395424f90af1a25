package io.bpmonitor.alerts.outputs;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One record of BP_ALERT_TOPIC as the outputs read it: the alert engine publishes one when an alert opens and one when
 * it resolves, keyed by patient, the same JSON it indexes into BP_ALERT_INDEX under {@code _id} = {@code alert_id}.
 * Times are ISO-8601 UTC, kept as written.
 *
 * @param readings       anomalous readings in the episode so far
 * @param systolic       the episode's worst reading, systolic (mmHg)
 * @param diastolic      ... and its diastolic
 * @param observationIds the Observations that triggered the alert
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertRecord(String alertId, String patientId, Kind kind, Status status, String openedAt,
                          String lastReadingAt, String resolvedAt, String resolution, int readings, int systolic,
                          int diastolic, List<String> observationIds) {

    public enum Kind {
        @JsonProperty("crisis") CRISIS,
        @JsonProperty("sustained") SUSTAINED
    }

    public enum Status {
        @JsonProperty("open") OPEN,
        @JsonProperty("resolved") RESOLVED
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public AlertRecord {
        observationIds = observationIds == null ? List.of() : List.copyOf(observationIds);
    }

    /**
     * @throws AlertRefusedException when the bytes are not an alert: no output could ever take them, so they are
     *                               dead-lettered instead of retried (the reason names the problem, never the payload)
     */
    public static AlertRecord parse(byte[] value) {
        if (value == null || value.length == 0) {
            throw new AlertRefusedException("Unreadable alert: the record is empty");
        }
        AlertRecord alert;
        try {
            alert = JSON.readValue(value, AlertRecord.class);
        } catch (IOException e) {
            throw new AlertRefusedException("Unreadable alert: not the JSON of an alert ("
                    + e.getClass().getSimpleName() + ")");
        }
        for (String[] required : new String[][] {{"alert_id", alert.alertId}, {"patient_id", alert.patientId},
                {"opened_at", alert.openedAt}}) {
            if (required[1] == null || required[1].isBlank()) {
                throw new AlertRefusedException("Unreadable alert: no " + required[0]);
            }
        }
        if (alert.kind == null || alert.status == null) {
            throw new AlertRefusedException("Unreadable alert: kind and status are required");
        }
        return alert;
    }

    /** What makes a delivery unique: the same alert is sent once open and once resolved, and a replay sends both again. */
    public String idempotencyKey() {
        return alertId + ":" + status.name().toLowerCase(Locale.ROOT);
    }
}
