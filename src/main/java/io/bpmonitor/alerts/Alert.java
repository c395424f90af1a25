package io.bpmonitor.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One alert: an episode of one kind for one patient, the document of {@code bp_alerts} and the value of each
 * {@code bp-alerts} record. Its fields are the contract the consumers rely on: see docs/alerts.md.
 *
 * @param alertId   deterministic: the same opening reading gives the same id, so a replay rewrites the same alert
 * @param systolic  the worst reading's systolic, null when that reading had none (a partial reading)
 * @param diastolic the worst reading's diastolic, null when that reading had none
 * @param quietFrom what the quiet period counts from, so a reading forwarded hours late keeps its alert open after it
 *                  arrived (null in state written before arrivals were kept: {@code lastReadingAt})
 */
public record Alert(
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("patient_id") String patientId,
        @JsonProperty("kind") AlertKind kind,
        @JsonProperty("status") AlertStatus status,
        @JsonProperty("opened_at") Instant openedAt,
        @JsonProperty("last_reading_at") Instant lastReadingAt,
        @JsonProperty("resolved_at") Instant resolvedAt,
        @JsonProperty("quiet_from") Instant quietFrom,
        @JsonProperty("resolution") String resolution,
        @JsonProperty("readings") int readings,
        @JsonProperty("systolic") Integer systolic,
        @JsonProperty("diastolic") Integer diastolic,
        @JsonProperty("observation_ids") List<String> observationIds,
        @JsonProperty("review") Review review) {

    public Alert {
        review = review == null ? Review.UNREVIEWED : review;
        observationIds = observationIds == null ? List.of() : observationIds;
    }

    /** A new open alert, opened by {@code opening}, over the anomalous readings that triggered it. */
    static Alert open(String patientId, AlertKind kind, AlertingReading opening, List<AlertingReading> triggering) {
        AlertingReading worst = triggering.get(0);
        Instant last = triggering.get(0).effectiveAt();
        Instant quietFrom = last;
        for (AlertingReading reading : triggering) {
            if (reading.worseThan(kind, worst.systolic(), worst.diastolic())) {
                worst = reading;
            }
            last = later(last, reading.effectiveAt());
            quietFrom = later(quietFrom, reading.latestOfTakenAndArrived());
        }
        return new Alert(idOf(patientId, kind, opening.observationId()), patientId, kind, AlertStatus.OPEN,
                opening.effectiveAt(), last, null, quietFrom, null, triggering.size(), worst.systolic(),
                worst.diastolic(), triggering.stream().map(AlertingReading::observationId).toList(),
                Review.UNREVIEWED);
    }

    /**
     * A new open sustained alert: the home rule found the 7 days {@code week} closes above the lines. Its values are
     * the 7-day means, its readings those of the 7 days; its id is the reading's that made it.
     */
    static Alert openOnWeek(String patientId, HomeMean week) {
        AlertingReading reading = week.reading();
        return new Alert(idOf(patientId, AlertKind.SUSTAINED, reading.observationId()), patientId,
                AlertKind.SUSTAINED, AlertStatus.OPEN, reading.effectiveAt(), reading.effectiveAt(), null,
                reading.latestOfTakenAndArrived(), null, week.readings(), week.systolic(), week.diastolic(),
                List.of(reading.observationId()), Review.UNREVIEWED);
    }

    /** The sustained alert with the 7 days a later reading leaves: the highest means stay, the count is the latest. */
    Alert withWeek(HomeMean week) {
        boolean worse = kind.worse(week.systolic(), week.diastolic(), systolic, diastolic);
        boolean later = week.effectiveAt().isAfter(lastReadingAt);
        return new Alert(alertId, patientId, kind, status, openedAt, later(lastReadingAt, week.effectiveAt()), null,
                later(quietPeriodFrom(), week.reading().latestOfTakenAndArrived()), null,
                later ? week.readings() : readings, worse ? week.systolic() : systolic,
                worse ? week.diastolic() : diastolic, observationIds, review);
    }

    /** Where its review stands: a field of its own in {@code bp_alerts}, what the review queue searches on. */
    @JsonProperty("review_status")
    public ReviewStatus reviewStatus() {
        return review.status();
    }

    /** An urgent alert (crisis, low pressure) leaves the clinicians' attention only when one of them closes it. */
    public boolean waitsForAClose() {
        return kind.urgent() && status != AlertStatus.WITHDRAWN && !review.isClosed();
    }

    Alert withReview(Review next) {
        return new Alert(alertId, patientId, kind, status, openedAt, lastReadingAt, resolvedAt, quietFrom, resolution,
                readings, systolic, diastolic, observationIds, next);
    }

    private static Instant later(Instant one, Instant other) {
        return one == null || other != null && other.isAfter(one) ? other : one;
    }

    boolean isOpen() {
        return status == AlertStatus.OPEN;
    }

    /**
     * The alert with one more anomalous reading in its episode. Only a reading taken after the episode's latest is
     * counted; one taken before it (the same Observation published again by a replay, or one that came late) still
     * makes the worst values and the quiet period, which are the same however often it comes.
     */
    Alert extendedBy(AlertingReading reading) {
        boolean worse = reading.worseThan(kind, systolic, diastolic);
        boolean counted = reading.effectiveAt().isAfter(lastReadingAt);
        return new Alert(alertId, patientId, kind, status, openedAt, later(lastReadingAt, reading.effectiveAt()), null,
                later(quietPeriodFrom(), reading.latestOfTakenAndArrived()), null, counted ? readings + 1 : readings,
                worse ? reading.systolic() : systolic, worse ? reading.diastolic() : diastolic, observationIds,
                review);
    }

    private Instant quietPeriodFrom() {
        return quietFrom == null ? lastReadingAt : quietFrom;
    }

    /**
     * The end of the quiet period after the last reading's effective time: a later reading of the patient (on
     * effective time, so a replay gives the same episodes) starts a new episode.
     */
    Instant quietUntil(AlertRules rules) {
        return lastReadingAt.plus(rules.quietPeriod(kind));
    }

    /**
     * When the episode is over with no reading of the patient: the quiet period after the later of its last reading's
     * effective time and arrival ({@link #quietFrom}), so a reading forwarded late is open for that long after it came.
     */
    Instant closesAt(AlertRules rules) {
        return quietPeriodFrom().plus(rules.quietPeriod(kind));
    }

    /** Resolved by a later reading of the patient, past {@link #quietUntil}. */
    Alert resolvedByALaterReading(AlertRules rules) {
        return resolvedAt(quietUntil(rules), rules.resolution(kind));
    }

    /** Resolved by time passing, past {@link #closesAt}. */
    Alert resolvedByTime(AlertRules rules) {
        return resolvedAt(closesAt(rules), rules.resolution(kind));
    }

    Alert resolvedAt(Instant at, String resolution) {
        return new Alert(alertId, patientId, kind, AlertStatus.RESOLVED, openedAt, lastReadingAt, at, quietFrom,
                resolution, readings, systolic, diastolic, observationIds, review);
    }

    /** Withdrawn: every reading it stood on was entered in error (or corrected away). */
    Alert withdrawn() {
        return new Alert(alertId, patientId, kind, AlertStatus.WITHDRAWN, openedAt, lastReadingAt, resolvedAt,
                quietFrom, "its readings were entered in error or corrected", readings, systolic, diastolic,
                observationIds, review);
    }

    /** The same alert on what is left of its readings, after one was withdrawn or corrected: count, worst, latest. */
    Alert recomputedOn(List<AlertingReading> remaining) {
        AlertingReading worst = remaining.get(0);
        Instant last = worst.effectiveAt();
        for (AlertingReading reading : remaining) {
            if (reading.worseThan(kind, worst.systolic(), worst.diastolic())) {
                worst = reading;
            }
            last = later(last, reading.effectiveAt());
        }
        return new Alert(alertId, patientId, kind, status, openedAt, last, resolvedAt, quietFrom, resolution,
                remaining.size(), worst.systolic(), worst.diastolic(), observationIds, review);
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
