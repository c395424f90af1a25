package io.bpmonitor.board;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.rules.PatientTarget;
import io.bpmonitor.signin.User;
import io.bpmonitor.signin.UserRole;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT} and {@code DELETE /api/patients/{id}/target} (docs/alerts.md#each-patients-target): a clinician, by HTTP
 * Basic against the users file, sets or removes a patient's target; {@link #check} answers what is refused, and what
 * it lets through goes to the targets topic, answered by {@link #answer} once Kafka has it. Who set it, when and why
 * travel with the target.
 */
public class PatientTargetsApi {

    private static final Logger LOG = LoggerFactory.getLogger(PatientTargetsApi.class);
    /** Exchange property: the request was checked and its target (or removal) is to be sent. */
    public static final String TO_SEND = "bpTargetToSend";
    /** A FHIR id: what a patient id is everywhere else. */
    private static final Pattern PATIENT_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Set<String> FIELDS = Set.of("systolic_upper", "diastolic_upper", "systolic_lower",
            "diastolic_lower", "reason");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiAccess access;
    private final Clock clock;
    private final PatientTarget.TopicMaker topic;
    private volatile boolean topicMade;

    public PatientTargetsApi(ApiAccess access, Clock clock, PatientTarget.TopicMaker topic) {
        this.access = access;
        this.clock = clock;
        this.topic = topic;
    }

    /** The topic is known to be there: made by the alert engine's start, or by a test in its stead. */
    public void topicMade() {
        topicMade = true;
    }

    /** Authenticates, authorises and reads the request; answers it when refused, else sets it up for Kafka. */
    public void check(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String patientId = message.getHeader("patientId", String.class);
        String method = message.getHeader(Exchange.HTTP_METHOD, String.class);
        byte[] body = message.getBody(byte[].class);
        exchange.setProperty(TO_SEND, false);
        Optional<User> user = access.user(message, UserRole.CLINICIAN, "Setting a patient's target");
        if (user.isEmpty()) {
            return;
        }
        message.removeHeaders("*");
        if (patientId == null || !PATIENT_ID.matcher(patientId).matches()) {
            ApiAccess.refuse(message, 400, "bad_request", "A patient id is 1-64 of A-Z a-z 0-9 - .");
            return;
        }
        if (!topicMade) {
            try {
                topic.ensure();
                topicMade = true;
            } catch (Exception e) {
                exchange.setProperty(Exchange.EXCEPTION_CAUGHT, e);
                unavailable(exchange);
                return;
            }
        }
        message.setHeader(KafkaConstants.KEY, patientId);
        if ("DELETE".equals(method)) {
            message.setBody(new byte[0]);
            exchange.setProperty(TO_SEND, true);
            LOG.info("Target of a patient removed by {}", user.get().name());
            return;
        }
        List<String> problems = new ArrayList<>();
        PatientTarget target = read(patientId, body, user.get(), problems);
        if (target != null) {
            problems.addAll(target.problems());
        }
        if (!problems.isEmpty()) {
            ApiAccess.refuse(message, 422, "invalid_target", String.join("; ", problems));
            return;
        }
        message.setBody(target.json());
        exchange.setProperty(TO_SEND, true);
        LOG.info("Target of a patient set by {}", user.get().name());
    }

    /** Kafka has the target: it is answered as kept, or as removed. */
    public void answer(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] target = message.getBody(byte[].class);
        message.removeHeaders("*");
        if (target == null || target.length == 0) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
            message.setBody(null);
            return;
        }
        ApiAccess.answer(message, 200, target);
    }

    /** Kafka did not take it: the cluster's fault, not the request's. */
    public void unavailable(Exchange exchange) throws IOException {
        LOG.warn("A patient's target could not be sent to Kafka: {}",
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getClass().getSimpleName());
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        ApiAccess.refuse(message, 503, "kafka_unavailable", "Kafka did not take the target; nothing was changed, try again");
    }

    private PatientTarget read(String patientId, byte[] body, User user, List<String> problems) {
        JsonNode json;
        try {
            json = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            problems.add("the body is a JSON object: systolic_upper, diastolic_upper, and optionally systolic_lower, "
                    + "diastolic_lower, reason");
            return null;
        }
        json.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                problems.add("unknown field " + field);
            }
        });
        Integer systolicUpper = whole(json, "systolic_upper", true, problems);
        Integer diastolicUpper = whole(json, "diastolic_upper", true, problems);
        Integer systolicLower = whole(json, "systolic_lower", false, problems);
        Integer diastolicLower = whole(json, "diastolic_lower", false, problems);
        JsonNode reason = json.get("reason");
        if (reason != null && !reason.isNull() && !reason.isTextual()) {
            problems.add("reason is text");
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new PatientTarget(patientId, systolicUpper, diastolicUpper, systolicLower, diastolicLower, user.name(),
                clock.instant(), reason == null || reason.isNull() ? null : reason.asText(), PatientTarget.FROM_THE_API,
                false);
    }

    private static Integer whole(JsonNode json, String field, boolean required, List<String> problems) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(field + " is required");
            }
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problems.add(field + " is a whole number of mmHg");
            return null;
        }
        return value.intValue();
    }
}
