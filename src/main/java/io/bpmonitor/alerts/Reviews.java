package io.bpmonitor.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The clinicians' actions on alerts and the escalation of the urgent ones nobody took on: what the engine does with
 * each ({@link EpisodeProcessor} applies it, so an alert's review and its events change together, exactly once).
 */
public final class Reviews {

    /** Escalations of one alert, at most: a pager that was not answered three times needs a person, not a fourth. */
    static final int ESCALATION_LEVELS = 3;

    private final Duration escalateAfter;

    /** @param escalateAfter how long an urgent alert waits unacknowledged before each escalation; zero for never */
    public Reviews(Duration escalateAfter) {
        this.escalateAfter = escalateAfter;
    }

    /** What becomes of an action. */
    sealed interface Decision permits Taken, AlreadyTaken, Refused {
    }

    /** Taken: the alert as it is now, and the event that says so. */
    record Taken(Alert alert, AlertEvent event) implements Decision {
    }

    /** The same action came before (a double click, a retried request): nothing changes, nothing is sent. */
    record AlreadyTaken() implements Decision {
    }

    /** Not taken, and why, in words that name no patient. */
    record Refused(String reason) implements Decision {
    }

    /**
     * @param alert the alert as the engine holds it, or null when it holds no unclosed alert of that id
     * @param now   wall clock: when a close ends an episode still open
     */
    Decision decide(Alert alert, ReviewAction action, Instant now) {
        if (alert == null) {
            return new Refused("no alert of that id awaits review (closed, withdrawn or unknown)");
        }
        Review review = alert.review();
        if (review.actionIds().contains(action.actionId())) {
            return new AlreadyTaken();
        }
        if (!alert.patientId().equals(action.patientId())) {
            return new Refused("the alert is not the patient's the action names");
        }
        if (review.isClosed()) {
            return new Refused("the alert is closed already");
        }
        if (action.expectedRevision() != review.revision()) {
            return new Refused("the review changed since it was seen (revision " + review.revision() + ", expected "
                    + action.expectedRevision() + ")");
        }
        Alert after = switch (action.action()) {
            case ACKNOWLEDGE -> alert.withReview(review.acted(ReviewStatus.ACKNOWLEDGED, action.by(), action, null));
            case REASSIGN -> alert.withReview(review.acted(review.status(), action.assignTo(), action, null));
            case CLOSE -> {
                Alert closed = alert.withReview(review.acted(ReviewStatus.CLOSED, review.holder() == null
                        ? action.by() : review.holder(), action, action.outcome()));
                // a close ends the episode: a later anomalous reading is a new alert, unreviewed
                yield closed.isOpen() ? closed.resolvedAt(now, "closed by a clinician: "
                        + action.outcome().label().toLowerCase(Locale.ROOT)) : closed;
            }
        };
        return new Taken(after, action.action().event());
    }

    /** Whether an escalation may still come for the alert: urgent, waiting, unacknowledged, below the last level. */
    boolean mayEscalate(Alert alert) {
        Review review = alert.review();
        return !escalateAfter.isZero() && alert.waitsForAClose() && review.status() == ReviewStatus.UNREVIEWED
                && review.raisedAt() != null && review.escalations() < ESCALATION_LEVELS;
    }

    /**
     * The alert escalated one level more, when it is urgent, not acknowledged and waited another
     * {@code escalateAfter} since it was raised; null when nothing is due.
     */
    Alert escalated(Alert alert, Instant now) {
        if (!mayEscalate(alert)) {
            return null;
        }
        Review review = alert.review();
        long due = Math.min(ESCALATION_LEVELS, Duration.between(review.raisedAt(), now).toMillis()
                / escalateAfter.toMillis());
        return due > review.escalations() ? alert.withReview(review.escalatedTo((int) due)) : null;
    }
}
