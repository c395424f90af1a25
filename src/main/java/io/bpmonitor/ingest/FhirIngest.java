package io.bpmonitor.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.fhir.InvalidReadingException;
import io.bpmonitor.fhir.MessageReader;
import io.bpmonitor.fhir.PayloadGuard;
import io.bpmonitor.fhir.ReadingExtractor;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * The FHIR endpoint's steps ({@code routes/ingest.yaml}): a lone Observation or a Bundle of them is read by the
 * detector's own {@link MessageReader}, so the door refuses exactly what the detector would dead-letter; what is
 * accepted becomes Kafka messages keyed by patient, and the answer is written once Kafka has acknowledged them.
 */
public class FhirIngest {

    static final String FHIR_JSON = "application/fhir+json";
    /** Exchange property: the accepted readings and, for a batch, the refused entries, in request order. */
    static final String OUTCOMES = "bpIngestOutcomes";
    /** Exchange property: how many messages go to Kafka. */
    public static final String TO_SEND = "bpIngestToSend";

    /** One Observation the endpoint took, as sent on (with its id), or one it refused. */
    record Outcome(String id, byte[] json, String patientId, IngestRefusal refusal) {
    }

    private final IngestGate gate;
    private final MessageReader reader;
    private final Clock clock;
    private final int maxObservationBytes;
    private final int maxBundleBytes;
    private final ObjectNode capabilities;

    /**
     * @param reader              the detector's own message reader; a reading arrives by {@code clock}
     * @param maxObservationBytes {@code BP_MAX_MESSAGE_BYTES}: the detector's limit, for a lone Observation and each entry
     * @param maxBundleBytes      {@code BP_INGEST_MAX_BUNDLE_BYTES}
     */
    public FhirIngest(IngestGate gate, MessageReader reader, Clock clock, int maxObservationBytes, int maxBundleBytes) {
        this.gate = gate;
        this.reader = reader;
        this.clock = clock;
        this.maxObservationBytes = maxObservationBytes;
        this.maxBundleBytes = maxBundleBytes;
        this.capabilities = capabilityStatement(clock.instant());
    }

    /**
     * {@code POST /fhir/Observation}: the body becomes one Kafka message, or the request is refused. The bytes read are
     * the bytes sent, so the detector reads exactly what the door judged.
     */
    public void observation(Exchange exchange) {
        Outcome outcome = read(gate.admit(exchange, maxObservationBytes), null);
        if (outcome.refusal() != null) {
            throw outcome.refusal();
        }
        exchange.setProperty(OUTCOMES, List.of(outcome));
        exchange.setProperty(TO_SEND, 1);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(KafkaConstants.KEY, outcome.patientId());
        message.setBody(outcome.json());
    }

    /**
     * {@code POST /fhir}: a batch sends its good entries and answers for each; a transaction sends all of them or,
     * with one entry refused, none.
     */
    public void bundle(Exchange exchange) {
        JsonNode bundle = parse(gate.admit(exchange, maxBundleBytes));
        if (!"Bundle".equals(bundle.path("resourceType").asText())) {
            throw new IngestRefusal(422, "invalid", "POST /fhir takes a Bundle; post an Observation to /fhir/Observation",
                    "resourceType");
        }
        String type = bundle.path("type").asText();
        if (!type.equals("batch") && !type.equals("transaction")) {
            throw new IngestRefusal(422, "not-supported", "Bundle.type must be batch or transaction, not '"
                    + type.replaceAll("[^a-z-]", "?") + "'", "Bundle.type");
        }
        List<Outcome> outcomes = new ArrayList<>();
        JsonNode entries = bundle.path("entry");
        for (int i = 0; i < entries.size(); i++) {
            outcomes.add(entry(entries.get(i), "Bundle.entry[" + i + "]"));
        }
        List<IngestRefusal> refused = outcomes.stream().map(Outcome::refusal).filter(r -> r != null).toList();
        if (type.equals("transaction") && !refused.isEmpty()) {
            throw new IngestRefusal(refused.stream().anyMatch(r -> r.status() == 400) ? 400 : 422, refused);
        }
        List<Message> messages = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.refusal() == null) {
                Message message = new DefaultMessage(exchange.getContext());
                message.setHeader(KafkaConstants.KEY, outcome.patientId());
                message.setBody(outcome.json());
                messages.add(message);
            }
        }
        exchange.setProperty(OUTCOMES, outcomes);
        exchange.setProperty(TO_SEND, messages.size());
        exchange.setProperty("bpIngestBundleType", type);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(messages);
    }

    private Outcome entry(JsonNode entry, String where) {
        JsonNode request = entry.path("request");
        if (!"POST".equals(request.path("method").asText()) || !request.path("url").asText().startsWith("Observation")) {
            return refused(new IngestRefusal(422, "not-supported", "only POST Observation entries are supported",
                    where + ".request"));
        }
        if (!entry.path("resource").isObject()) {
            return refused(new IngestRefusal(400, "structure", "entry has no resource", where + ".resource"));
        }
        try {
            return read(OperationOutcomes.JSON.writeValueAsBytes(entry.path("resource")), where + ".resource");
        } catch (IOException e) {
            return refused(new IngestRefusal(400, "structure", "not JSON", where + ".resource"));
        }
    }

    /**
     * Reads the Observation as the detector will; one without an id is given one (R4: the server assigns it) and
     * read again.
     */
    private Outcome read(byte[] json, String where) {
        try {
            BloodPressureReading reading = reader.read(json, clock.millis());
            return new Outcome(reading.observationId(), json, reading.patientId(), null);
        } catch (InvalidReadingException e) {
            byte[] withId = ReadingExtractor.NO_ID.equals(e.getMessage()) ? withAssignedId(json) : null;
            if (withId != null) {
                return read(withId, where);
            }
            // not FHIR JSON (not JSON, an element R4 does not define, a wrong type); or FHIR, but not a reading
            boolean notFhir = e.isNotFhirJson();
            int status = e.getMessage().startsWith(PayloadGuard.OVERSIZED) ? 413 : notFhir ? 400 : 422;
            return refused(new IngestRefusal(status, status == 413 ? "too-costly" : notFhir ? "structure" : "invalid",
                    e.getMessage(), ReadingProblems.expression(e.getMessage(), where)));
        }
    }

    /** The Observation with a new id, or null when it is not an Observation without an id. */
    private static byte[] withAssignedId(byte[] json) {
        try {
            JsonNode resource = OperationOutcomes.JSON.readTree(json);
            if (!(resource instanceof ObjectNode observation) || observation.has("id")
                    || !"Observation".equals(observation.path("resourceType").asText())) {
                return null;
            }
            observation.put("id", UUID.randomUUID().toString());
            return OperationOutcomes.JSON.writeValueAsBytes(observation);
        } catch (IOException e) {
            return null;
        }
    }

    private static Outcome refused(IngestRefusal refusal) {
        return new Outcome(null, null, null, refusal);
    }

    /** The Bundle: exactly one JSON document. */
    private static JsonNode parse(byte[] body) {
        try {
            return OperationOutcomes.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (IOException e) {
            throw new IngestRefusal(400, "structure", "the body is not one JSON document", null);
        }
    }

    /** After Kafka has acknowledged: 201 with the Observation's location, or the Bundle's response. */
    @SuppressWarnings("unchecked")
    public void answer(Exchange exchange) throws IOException {
        List<Outcome> outcomes = exchange.getProperty(OUTCOMES, List.class);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.CONTENT_TYPE, FHIR_JSON);
        String type = exchange.getProperty("bpIngestBundleType", String.class);
        if (type == null) {
            Outcome created = outcomes.get(0);
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
            message.setHeader("Location", "Observation/" + created.id());
            message.setBody(created.json());
            return;
        }
        ObjectNode response = OperationOutcomes.JSON.createObjectNode().put("resourceType", "Bundle")
                .put("type", type + "-response");
        ArrayNode entries = response.putArray("entry");
        for (Outcome outcome : outcomes) {
            ObjectNode entry = entries.addObject().putObject("response");
            if (outcome.refusal() == null) {
                entry.put("status", "201 Created").put("location", "Observation/" + outcome.id());
            } else {
                entry.put("status", outcome.refusal().status() + "");
                entry.set("outcome", OperationOutcomes.of(outcome.refusal()));
            }
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setBody(OperationOutcomes.JSON.writeValueAsBytes(response));
    }

    /** {@code GET /fhir/metadata}: what this endpoint does, as a FHIR R4 CapabilityStatement. */
    public void capabilities(Exchange exchange) {
        write(exchange.getMessage(), 200, capabilities);
    }

    /** A refusal as the client sees it: its status and an OperationOutcome. */
    public void refusal(Exchange exchange) {
        IngestRefusal refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, IngestRefusal.class);
        write(exchange.getMessage(), refusal.status(), OperationOutcomes.of(refusal.issues()));
        if (refusal.status() == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        }
    }

    /** Kafka did not acknowledge in time: nothing is promised, the client retries (the same id is harmless). */
    public void unavailable(Exchange exchange) {
        write(exchange.getMessage(), 503, OperationOutcomes.of(new IngestRefusal(503, "transient",
                "the readings topic cannot take readings now; retry later", null)));
        exchange.getMessage().setHeader("Retry-After", "5");
    }

    private static void write(Message message, int status, ObjectNode resource) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, FHIR_JSON);
        message.setBody(resource.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Exactly what is supported: FHIR 4.0.1 in JSON, Observation create (the blood-pressure profile), batch and
     * transaction Bundles, bearer tokens. {@code date} is when this instance started.
     */
    private static ObjectNode capabilityStatement(Instant started) {
        ObjectNode statement = OperationOutcomes.JSON.createObjectNode().put("resourceType", "CapabilityStatement")
                .put("status", "active").put("date", started.toString()).put("kind", "instance")
                .put("fhirVersion", "4.0.1");
        statement.putObject("software").put("name", "bp-monitor");
        statement.putObject("implementation").put("description", "bp-monitor: blood-pressure readings in");
        statement.putArray("format").add("json").add(FHIR_JSON);
        ObjectNode rest = statement.putArray("rest").addObject().put("mode", "server");
        rest.putObject("security").put("cors", false).put("description",
                "Every request but this one needs an HTTP bearer token: Authorization: Bearer <token>.");
        ObjectNode observation = rest.putArray("resource").addObject().put("type", "Observation")
                .put("profile", "http://hl7.org/fhir/StructureDefinition/bp");
        observation.putArray("interaction").addObject().put("code", "create");
        rest.putArray("interaction").add(OperationOutcomes.JSON.createObjectNode().put("code", "batch"))
                .add(OperationOutcomes.JSON.createObjectNode().put("code", "transaction"));
        return statement;
    }
}
