package io.bpmonitor.alerting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One alert: an episode of one kind for one patient. It is the document of {@code bp_alerts} ({@code _id} = alert id)
 * and the value of each {@code bp-alerts} record; field names and types are the contract the consumers rely on
 * (docs/alerts.md). Times are the readings' effective times, ISO-8601 UTC.
 *
 * @param alertId        deterministic: the same opening reading gives the same id, so a replay rewrites the same alert
 * @param openedAt       effective time of the reading that opened the episode
 * @param lastReadingAt  effective time of the latest anomalous reading of the episode
 * @param resolvedAt     {@code lastReadingAt} + the quiet period once resolved, else null
 * @param resolution     why it resolved, else null
 * @param readings       anomalous readings in the episode
 * @param systolic       the worst reading's systolic (highest systolic, then diastolic)
 * @param diastolic      ... and its diastolic
 * @param observationIds the Observations that triggered it: the crisis reading, or the readings that made the window
 */
public record Alert(
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("patient_id") String patientId,
        @JsonProperty("kind") AlertKind kind,
        @JsonProperty("status") AlertStatus status,
        @JsonProperty("opened_at") Instant openedAt,
        @JsonProperty("last_reading_at") Instant lastReadingAt,
        @JsonProperty("resolved_at") Instant resolvedAt,
        @JsonProperty("resolution") String resolution,
        @JsonProperty("readings") int readings,
        @JsonProperty("systolic") int systolic,
        @JsonProperty("diastolic") int diastolic,
        @JsonProperty("observation_ids") List<String> observationIds) {

    /** A new open alert, opened by {@code opening}, over the anomalous readings that triggered it. */
    static Alert open(String patientId, AlertKind kind, AnomalousReading opening, List<AnomalousReading> triggering) {
        AnomalousReading worst = triggering.get(0);
        Instant last = triggering.get(0).effectiveAt();
        for (AnomalousReading reading : triggering) {
            if (reading.worseThan(worst.systolic(), worst.diastolic())) {
                worst = reading;
            }
            if (reading.effectiveAt().isAfter(last)) {
                last = reading.effectiveAt();
            }
        }
        return new Alert(idOf(patientId, kind, opening.observationId()), patientId, kind, AlertStatus.OPEN,
                opening.effectiveAt(), last, null, null, triggering.size(), worst.systolic(), worst.diastolic(),
                triggering.stream().map(AnomalousReading::observationId).toList());
    }

    boolean isOpen() {
        return status == AlertStatus.OPEN;
    }

    /** The alert with one more anomalous reading in its episode. */
    Alert extendedBy(AnomalousReading reading) {
        boolean worse = reading.worseThan(systolic, diastolic);
        Instant last = reading.effectiveAt().isAfter(lastReadingAt) ? reading.effectiveAt() : lastReadingAt;
        return new Alert(alertId, patientId, kind, status, openedAt, last, null, null, readings + 1,
                worse ? reading.systolic() : systolic, worse ? reading.diastolic() : diastolic, observationIds);
    }

    /** When the quiet period after the last reading ends: the alert resolves once event time is past it. */
    Instant quietUntil(AlertRules rules) {
        return lastReadingAt.plus(rules.quietPeriod());
    }

    Alert resolved(AlertRules rules) {
        return new Alert(alertId, patientId, kind, AlertStatus.RESOLVED, openedAt, lastReadingAt, quietUntil(rules),
                rules.resolution(), readings, systolic, diastolic, observationIds);
    }

    /** The first 32 hex digits of SHA-256 over {@code patient|kind|observation id of the opening reading}. */
    static String idOf(String patientId, AlertKind kind, String openingObservationId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (patientId + "|" + kind.code() + "|" + openingObservationId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
