package io.bpmonitor.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A clinician's review of one alert, as {@code bp_alerts} shows it under {@code review}: where it stands, who holds it,
 * the last action on it, and how far it was escalated. Only the alert engine changes it ({@link Reviews}), so the
 * alert and its events change together, exactly once.
 *
 * @param raisedAt    wall-clock time of the alert's first event: how long it has waited, and when it escalates
 * @param holder      the clinician who holds it: who acknowledged it, or to whom it was reassigned
 * @param action      the last action: {@code acknowledge}, {@code reassign} or {@code close}
 * @param by          who took the last action, as signed in
 * @param at          when (wall clock)
 * @param note        what the clinician wrote with it, if anything
 * @param outcome     what was done, once closed
 * @param escalations how many times it was escalated, unreviewed ({@link Reviews#escalated})
 * @param revision    how many actions it has had: what an action expects, so of two clinicians acting at once one wins
 * @param actionIds   the ids of its last {@value #ACTION_IDS_KEPT} actions, so an action sent twice is taken once
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Review(
        @JsonProperty("status") ReviewStatus status,
        @JsonProperty("raised_at") Instant raisedAt,
        @JsonProperty("holder") String holder,
        @JsonProperty("action") String action,
        @JsonProperty("by") String by,
        @JsonProperty("at") Instant at,
        @JsonProperty("note") String note,
        @JsonProperty("outcome") ReviewOutcome outcome,
        @JsonProperty("escalations") int escalations,
        @JsonProperty("revision") int revision,
        @JsonProperty("action_ids") List<String> actionIds) {

    static final int ACTION_IDS_KEPT = 20;
    public static final Review UNREVIEWED = new Review(ReviewStatus.UNREVIEWED, null, null, null, null, null, null,
            null, 0, 0, List.of());

    public Review {
        status = status == null ? ReviewStatus.UNREVIEWED : status;
        actionIds = actionIds == null ? List.of() : List.copyOf(actionIds);
    }

    @JsonIgnore
    public boolean isClosed() {
        return status == ReviewStatus.CLOSED;
    }

    /** The alert's first event went out at {@code now}: its wait starts. */
    Review raised(Instant now) {
        return raisedAt != null ? this : new Review(status, now, holder, action, by, at, note, outcome, escalations,
                revision, actionIds);
    }

    /** One more clinician's action, taken. */
    Review acted(ReviewStatus next, String nextHolder, ReviewAction taken, ReviewOutcome closedWith) {
        List<String> ids = new ArrayList<>(actionIds);
        ids.add(taken.actionId());
        if (ids.size() > ACTION_IDS_KEPT) {
            ids.remove(0);
        }
        return new Review(next, raisedAt, nextHolder, taken.action().code(), taken.by(), taken.at(), taken.note(),
                closedWith, escalations, revision + 1, ids);
    }

    Review escalatedTo(int level) {
        return new Review(status, raisedAt, holder, action, by, at, note, outcome, level, revision, actionIds);
    }
}
