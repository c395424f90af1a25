package io.bpmonitor.board;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.alerts.Alert;
import io.bpmonitor.alerts.AlertJson;
import io.bpmonitor.alerts.AlertStatus;
import io.bpmonitor.alerts.Review;
import io.bpmonitor.alerts.ReviewAction;
import io.bpmonitor.alerts.ReviewOutcome;
import io.bpmonitor.rules.PatientTarget;
import io.bpmonitor.signin.User;
import io.bpmonitor.signin.UserRole;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/alerts/{id}/review} (docs/alerts.md#review): a clinician acknowledges, reassigns or closes an alert.
 * {@link #check} answers what is refused at once (the alert as the index has it already took the action, is closed, or
 * changed since the clinician saw it), and sends the rest to the reviews topic, where the alert engine takes it or not;
 * {@link #outcome} then reads the alert until it shows which, and answers 200 (taken), 409 (another action came first)
 * or 202 (Kafka has it, the engine has not said yet).
 */
public class AlertReviewApi {

    private static final Logger LOG = LoggerFactory.getLogger(AlertReviewApi.class);
    /** Exchange property: the action was checked and is to be sent. */
    public static final String TO_SEND = "bpReviewToSend";
    private static final String ACTION = "bpReviewAction";
    /** How long the answer waits for the engine: it takes an action within a commit interval when it runs. */
    static final Duration OUTCOME_WAIT = Duration.ofSeconds(10);
    private static final Duration OUTCOME_POLL = Duration.ofMillis(100);
    private static final Set<String> FIELDS = Set.of("action", "action_id", "expected_revision", "note", "outcome",
            "assign_to");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiAccess access;
    private final BoardSearch alerts;
    private final Clock clock;
    private final PatientTarget.TopicMaker topic;
    private volatile boolean topicMade;

    AlertReviewApi(ApiAccess access, BoardSearch alerts, Clock clock, PatientTarget.TopicMaker topic) {
        this.access = access;
        this.alerts = alerts;
        this.clock = clock;
        this.topic = topic;
    }

    /** Authenticates, authorises, reads the request and the alert; answers what it refuses, else sets up the send. */
    public void check(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String alertId = message.getHeader("alertId", String.class);
        byte[] body = message.getBody(byte[].class);
        exchange.setProperty(TO_SEND, false);
        Optional<User> user = access.user(message, UserRole.CLINICIAN, "Reviewing an alert");
        if (user.isEmpty()) {
            return;
        }
        message.removeHeaders("*");
        JsonNode request = readObject(body);
        if (request == null) {
            ApiAccess.refuse(message, 400, "bad_request", "The body is a JSON object: action, action_id, "
                    + "expected_revision, and as the action needs note, outcome, assign_to");
            return;
        }
        Alert alert;
        try {
            JsonNode source = alertId == null || alertId.length() > 64 ? null : alerts.document(alertId);
            alert = source == null ? null : AlertJson.readAlert(source);
        } catch (BoardUnavailableException e) {
            ApiAccess.refuse(message, 503, "elasticsearch_unavailable", e.getMessage());
            return;
        }
        if (alert == null) {
            ApiAccess.refuse(message, 404, "not_found", "No alert has that id");
            return;
        }
        List<String> problems = new ArrayList<>();
        ReviewAction action = read(request, alert, user.get(), problems);
        if (action != null) {
            problems.addAll(action.problems());
        }
        if (!problems.isEmpty()) {
            ApiAccess.refuse(message, 422, "invalid_action", String.join("; ", problems));
            return;
        }
        if (alert.review().actionIds().contains(action.actionId())) {
            answerTaken(message, alert);
            return;
        }
        String conflict = conflict(alert, action.expectedRevision());
        if (conflict != null) {
            answerConflict(message, alert, conflict);
            return;
        }
        if (!ensureTopic(exchange)) {
            return;
        }
        message.setHeader(KafkaConstants.KEY, alert.patientId());
        message.setBody(action.json());
        exchange.setProperty(ACTION, action);
        exchange.setProperty(TO_SEND, true);
    }

    /** Kafka has the action: reads the alert until the engine took it, another action came first, or time is up. */
    public void outcome(Exchange exchange) throws IOException, InterruptedException {
        ReviewAction action = exchange.getProperty(ACTION, ReviewAction.class);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        Instant deadline = clock.instant().plus(OUTCOME_WAIT);
        while (true) {
            Alert alert;
            try {
                JsonNode source = alerts.document(action.alertId());
                alert = source == null ? null : AlertJson.readAlert(source);
            } catch (BoardUnavailableException e) {
                alert = null; // the action is in Kafka: whether it was taken is for a later read to say
            }
            if (alert != null && alert.review().actionIds().contains(action.actionId())) {
                LOG.info("Review action {} ({}) by {} taken", action.actionId(), action.action().code(), action.by());
                answerTaken(message, alert);
                return;
            }
            String conflict = alert == null ? null : conflict(alert, action.expectedRevision());
            if (conflict != null) {
                answerConflict(message, alert, conflict);
                return;
            }
            if (!clock.instant().isBefore(deadline)) {
                Map<String, Object> pending = new LinkedHashMap<>();
                pending.put("status", "pending");
                pending.put("action_id", action.actionId());
                pending.put("message", "Kafka has the action; the alert engine has not applied it yet. Send it again"
                        + " with the same action_id to learn its outcome: it is never taken twice");
                ApiAccess.answer(message, 202, JSON.writeValueAsBytes(pending));
                return;
            }
            Thread.sleep(OUTCOME_POLL.toMillis());
        }
    }

    /** Kafka did not take it: the cluster's fault, not the request's. */
    public void unavailable(Exchange exchange) throws IOException {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("A review action could not be sent to Kafka: {}", caught == null ? "?" : caught.getClass().getSimpleName());
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        ApiAccess.refuse(message, 503, "kafka_unavailable", "Kafka did not take the action; nothing was changed, "
                + "try again");
    }

    private boolean ensureTopic(Exchange exchange) throws IOException {
        if (topicMade) {
            return true;
        }
        try {
            topic.ensure();
            topicMade = true;
            return true;
        } catch (Exception e) {
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, e);
            unavailable(exchange);
            return false;
        }
    }

    /** Why an action expecting {@code expectedRevision} cannot be taken on the alert as it is, or null. */
    private static String conflict(Alert alert, int expectedRevision) {
        Review review = alert.review();
        if (alert.status() == AlertStatus.WITHDRAWN) {
            return "The alert was withdrawn: its readings were entered in error";
        }
        if (review.isClosed()) {
            return "Closed by " + review.by() + " at " + review.at();
        }
        if (review.revision() != expectedRevision) {
            return "Changed since you saw it: " + review.action() + " by " + review.by() + " at " + review.at();
        }
        return null;
    }

    private static void answerTaken(Message message, Alert alert) {
        ApiAccess.answer(message, 200, AlertJson.bytes(alert));
    }

    private static void answerConflict(Message message, Alert alert, String conflict) throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("error", "conflict");
        answer.put("message", conflict);
        answer.put("alert", JSON.readTree(AlertJson.bytes(alert)));
        ApiAccess.answer(message, 409, JSON.writeValueAsBytes(answer));
    }

    private static JsonNode readObject(byte[] body) {
        try {
            JsonNode json = body == null || body.length == 0 ? null : JSON.readTree(body);
            return json != null && json.isObject() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }

    private ReviewAction read(JsonNode request, Alert alert, User user, List<String> problems) {
        request.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                problems.add("unknown field " + field);
            }
        });
        Optional<ReviewAction.Kind> kind = ReviewAction.Kind.ofCode(request.path("action").asText(null));
        if (kind.isEmpty()) {
            problems.add("action is acknowledge, reassign or close");
        }
        JsonNode expected = request.get("expected_revision");
        if (expected == null || !expected.canConvertToInt()) {
            problems.add("expected_revision is the review's revision you saw (review.revision of the alert)");
        }
        String outcomeCode = text(request, "outcome", problems);
        Optional<ReviewOutcome> outcome = outcomeCode == null ? Optional.empty() : ReviewOutcome.ofCode(outcomeCode);
        if (outcomeCode != null && outcome.isEmpty()) {
            problems.add("outcome is one of patient-contacted, advised-to-seek-care, sent-to-emergency, "
                    + "reading-erroneous, no-action-needed");
        }
        String actionId = text(request, "action_id", problems);
        String note = text(request, "note", problems);
        String assignTo = text(request, "assign_to", problems);
        if (!problems.isEmpty()) {
            return null;
        }
        return new ReviewAction(actionId, alert.alertId(), alert.patientId(), kind.get(), user.name(), clock.instant(),
                expected.intValue(), note == null || note.isBlank() ? null : note, outcome.orElse(null), assignTo);
    }

    private static String text(JsonNode request, String field, List<String> problems) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(field + " is text");
            return null;
        }
        return value.asText();
    }
}
