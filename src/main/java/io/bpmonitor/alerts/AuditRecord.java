package io.bpmonitor.alerts;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of the review's audit trail, a document of {@code BP_AUDIT_INDEX}: a clinician's action on an alert, or an
 * escalation, written once under its own id (the action's id; the alert's and the level for an escalation), so a
 * record the projection reads again is the same document, never a second one.
 *
 * @param by         the clinician, signed in; {@value #ENGINE} for an escalation
 * @param escalation the level reached, for an escalation
 * @param revision   the review's revision after it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
        @JsonProperty("audit_id") String auditId,
        @JsonProperty("at") Instant at,
        @JsonProperty("by") String by,
        @JsonProperty("action") String action,
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("patient_id") String patientId,
        @JsonProperty("kind") AlertKind kind,
        @JsonProperty("outcome") ReviewOutcome outcome,
        @JsonProperty("holder") String holder,
        @JsonProperty("note") String note,
        @JsonProperty("escalation") Integer escalation,
        @JsonProperty("revision") int revision) {

    /** Who escalates: the engine's clock, not a person. */
    public static final String ENGINE = "bp-monitor";

    /** Whether an event of the alert topic is one the audit trail records: a review action or an escalation. */
    static boolean audits(AlertEvent event) {
        return switch (event) {
            case ACKNOWLEDGED, REASSIGNED, CLOSED, ESCALATED -> true;
            default -> false;
        };
    }

    /**
     * The audit record of an event of the alert topic, for the events that are review actions or escalations; null
     * for the others (an alert opening, growing or resolving is on record in the alert itself).
     *
     * @param eventTime the event's record timestamp: when the engine escalated
     */
    static AuditRecord of(AlertEvent event, Alert alert, Instant eventTime) {
        Review review = alert.review();
        List<String> ids = review.actionIds();
        return switch (event) {
            case ACKNOWLEDGED, REASSIGNED, CLOSED -> ids.isEmpty() ? null : new AuditRecord(ids.get(ids.size() - 1),
                    review.at(), review.by(), review.action(), alert.alertId(), alert.patientId(), alert.kind(),
                    review.outcome(), review.holder(), review.note(), null, review.revision());
            case ESCALATED -> new AuditRecord(alert.alertId() + "-escalation-" + review.escalations(), eventTime,
                    ENGINE, "escalate", alert.alertId(), alert.patientId(), alert.kind(), null, review.holder(),
                    null, review.escalations(), review.revision());
            default -> null;
        };
    }
}
