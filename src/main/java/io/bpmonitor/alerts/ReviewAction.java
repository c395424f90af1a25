package io.bpmonitor.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A clinician's action on an alert, the value of each record of {@code BP_ALERT_REVIEWS_TOPIC} (keyed by patient, so
 * it reaches the engine's task that holds the patient's alerts): written by the board's API, taken or refused by the
 * engine ({@link Reviews}).
 *
 * @param actionId         chosen by the client, one per intent: the same action sent again (a double click, a
 *                         retried request) is taken once
 * @param expectedRevision the review's revision the clinician saw: when another action came first, this one is refused
 * @param assignTo         the clinician a {@code reassign} hands the alert to
 * @param outcome          what a {@code close} says was done
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReviewAction(
        @JsonProperty("action_id") String actionId,
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("patient_id") String patientId,
        @JsonProperty("action") Kind action,
        @JsonProperty("by") String by,
        @JsonProperty("at") Instant at,
        @JsonProperty("expected_revision") int expectedRevision,
        @JsonProperty("note") String note,
        @JsonProperty("outcome") ReviewOutcome outcome,
        @JsonProperty("assign_to") String assignTo) {

    /** Longest note kept: a note is a line or two, not a record of the consultation. */
    public static final int NOTE_MAX = 2_000;
    private static final Pattern ACTION_ID = Pattern.compile("[A-Za-z0-9\\-]{8,64}");
    private static final Pattern ALERT_ID = Pattern.compile("[0-9a-f]{32}");
    private static final int NAME_MAX = 128;

    /** What a clinician does; each is an event of its own on the alert topic. */
    public enum Kind {
        ACKNOWLEDGE("acknowledge", AlertEvent.ACKNOWLEDGED),
        REASSIGN("reassign", AlertEvent.REASSIGNED),
        CLOSE("close", AlertEvent.CLOSED);

        private final String code;
        private final AlertEvent event;

        Kind(String code, AlertEvent event) {
            this.code = code;
            this.event = event;
        }

        @JsonValue
        public String code() {
            return code;
        }

        AlertEvent event() {
            return event;
        }

        public static Optional<Kind> ofCode(String code) {
            return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst();
        }
    }

    /** What makes this no action the engine could take, each problem said; empty when it is one. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (actionId == null || !ACTION_ID.matcher(actionId).matches()) {
            problems.add("action_id is 8-64 of A-Z a-z 0-9 -");
        }
        if (alertId == null || !ALERT_ID.matcher(alertId).matches()) {
            problems.add("alert_id is an alert's id, 32 hexadecimal digits");
        }
        if (patientId == null || patientId.isBlank()) {
            problems.add("patient_id is required");
        }
        if (action == null) {
            problems.add("action is acknowledge, reassign or close");
        }
        if (by == null || by.isBlank() || by.length() > NAME_MAX) {
            problems.add("by names who acts");
        }
        if (at == null) {
            problems.add("at is required");
        }
        if (expectedRevision < 0) {
            problems.add("expected_revision is the review's revision as seen, 0 or more");
        }
        if (note != null && note.length() > NOTE_MAX) {
            problems.add("note is at most " + NOTE_MAX + " characters");
        }
        if (action == Kind.CLOSE && outcome == null) {
            problems.add("a close says its outcome: " + String.join(", ",
                    Arrays.stream(ReviewOutcome.values()).map(ReviewOutcome::code).toList()));
        }
        if (action != Kind.CLOSE && outcome != null) {
            problems.add("only a close has an outcome");
        }
        if (action == Kind.REASSIGN && (assignTo == null || assignTo.isBlank() || assignTo.length() > NAME_MAX)) {
            problems.add("a reassign names the clinician in assign_to");
        }
        return problems;
    }

    public byte[] json() {
        return AlertJson.bytes(this);
    }

    /** @throws IllegalArgumentException when the bytes are not an action; its message never holds them */
    public static ReviewAction fromJson(byte[] json) {
        return AlertJson.readContract(json, ReviewAction.class);
    }
}
