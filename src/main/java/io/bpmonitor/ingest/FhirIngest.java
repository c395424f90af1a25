package io.bpmonitor.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
 * The FHIR endpoint's steps ({@code routes/ingest.yaml}): a lone Observation or a Bundle of them is given the id the
 * server assigns ({@link ReadingIds}), its local references made {@code Patient/<id>} ({@link LocalReferences}), and
 * read by the detector's own {@link MessageReader}, so the door refuses exactly what the detector would dead-letter;
 * what is accepted becomes Kafka messages keyed by patient, and the answer is written once Kafka has acknowledged them.
 */
public class FhirIngest {

    static final String FHIR_JSON = "application/fhir+json";
    /** Exchange property: the outcome of each Observation or entry, in request order. */
    static final String OUTCOMES = "bpIngestOutcomes";
    /** Exchange property: how many messages go to Kafka. */
    public static final String TO_SEND = "bpIngestToSend";
    private static final String BUNDLE_TYPE = "bpIngestBundleType";
    private static final String ACCEPTED_AT = "bpIngestAcceptedAt";
    /** What a PHD upload carries besides blood pressure (pulse, the coincident time stamp): answered, not kept. */
    static final String NOT_KEPT = "not a blood-pressure reading: not kept";
    /**
     * The Observations are rewritten through this tree: strict, so that a key given twice is refused rather than
     * silently dropped, and exact, so that no decimal loses a digit on the way.
     */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();

    /**
     * One Observation or entry as the endpoint answers for it.
     *
     * @param type    the resource type its location names
     * @param id      its id, or null when it has no location
     * @param json    the Observation as sent on (with its id), or null
     * @param created sent to Kafka (201); otherwise answered 200: a conditional create that matched, a Patient or
     *                Device entry, or what a PHD upload carries besides readings ({@code note})
     */
    record Outcome(String type, String id, byte[] json, String patientId, IngestRefusal refusal, boolean created,
                   String note) {

        static Outcome refused(IngestRefusal refusal) {
            return new Outcome(null, null, null, null, refusal, false, null);
        }

        static Outcome known(String reference) {
            int slash = reference == null ? -1 : reference.indexOf('/');
            return slash < 0 ? new Outcome(null, null, null, null, null, false, null)
                    : new Outcome(reference.substring(0, slash), reference.substring(slash + 1), null, null, null, false,
                            null);
        }

        Outcome matched() {
            return new Outcome(type, id, json, patientId, null, false, "an Observation with this identifier exists");
        }
    }

    private final IngestGate gate;
    private final MessageReader reader;
    private final Clock clock;
    private final int maxObservationBytes;
    private final int maxBundleBytes;
    private final String trustedPatientSystem;
    private final ConditionalCreate conditionalCreates = new ConditionalCreate();
    private final ObjectNode capabilities;

    /**
     * @param reader               the detector's own message reader; a reading arrives by {@code clock}
     * @param maxObservationBytes  {@code BP_MAX_MESSAGE_BYTES}: the detector's limit, for a lone Observation and each entry
     * @param maxBundleBytes       {@code BP_INGEST_MAX_BUNDLE_BYTES}
     * @param trustedPatientSystem {@code BP_INGEST_PATIENT_IDENTIFIER_SYSTEM}, empty when none
     */
    public FhirIngest(IngestGate gate, MessageReader reader, Clock clock, int maxObservationBytes, int maxBundleBytes,
                      String trustedPatientSystem) {
        this.gate = gate;
        this.reader = reader;
        this.clock = clock;
        this.maxObservationBytes = maxObservationBytes;
        this.maxBundleBytes = maxBundleBytes;
        this.trustedPatientSystem = trustedPatientSystem;
        this.capabilities = capabilityStatement(clock.instant());
    }

    /**
     * {@code POST /fhir/Observation}: the Observation, with the id the server assigns, becomes one Kafka message; or
     * a conditional create matches one accepted before and nothing is sent; or the request is refused.
     */
    public void observation(Exchange exchange) {
        byte[] body = gate.admit(exchange, maxObservationBytes);
        IngestRequest request = IngestRequest.of(exchange);
        String condition = request.ifNoneExist() == null ? null : ConditionalCreate.identifier(request.ifNoneExist());
        Outcome outcome = read(body, null, request.client(), condition, new LocalReferences(trustedPatientSystem));
        if (outcome.refusal() != null) {
            throw outcome.refusal();
        }
        if (condition != null && conditionalCreates.exists(outcome.id())) {
            outcome = outcome.matched();
        }
        exchange.setProperty(OUTCOMES, List.of(outcome));
        exchange.setProperty(TO_SEND, outcome.created() ? 1 : 0);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(KafkaConstants.KEY, outcome.patientId());
        message.setBody(outcome.json());
    }

    /**
     * {@code POST /fhir}: a batch sends its good entries and answers for each; a transaction sends all of them or,
     * with one entry refused, none. A transaction may carry the Patient and Device its Observations point at by
     * {@code urn:uuid} (a PHD upload).
     */
    public void bundle(Exchange exchange) {
        JsonNode bundle = parse(gate.admit(exchange, maxBundleBytes));
        IngestRequest request = IngestRequest.of(exchange);
        if (!"Bundle".equals(bundle.path("resourceType").asText())) {
            throw new IngestRefusal(422, "invalid", "POST /fhir takes a Bundle; post an Observation to /fhir/Observation",
                    "resourceType");
        }
        String type = bundle.path("type").asText();
        if (!type.equals("batch") && !type.equals("transaction")) {
            throw new IngestRefusal(422, "not-supported", "Bundle.type must be batch or transaction, not '"
                    + type.replaceAll("[^a-z-]", "?") + "'", "Bundle.type");
        }
        JsonNode entries = bundle.path("entry");
        LocalReferences references = new LocalReferences(trustedPatientSystem);
        Outcome[] outcomes = new Outcome[entries.size()];
        if (type.equals("transaction")) { // first, since an Observation may point at an entry after it
            for (int i = 0; i < entries.size(); i++) {
                outcomes[i] = patientOrDevice(entries.get(i), "Bundle.entry[" + i + "]", references);
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            if (outcomes[i] == null) {
                outcomes[i] = entry(entries.get(i), "Bundle.entry[" + i + "]", request.client(), references);
            }
        }
        List<IngestRefusal> refused = Arrays.stream(outcomes).map(Outcome::refusal).filter(r -> r != null).toList();
        if (type.equals("transaction") && !refused.isEmpty()) {
            throw new IngestRefusal(refused.stream().anyMatch(r -> r.status() == 400) ? 400 : 422, refused);
        }
        List<Message> messages = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.created()) {
                Message message = new DefaultMessage(exchange.getContext());
                message.setHeader(KafkaConstants.KEY, outcome.patientId());
                message.setBody(outcome.json());
                messages.add(message);
            }
        }
        exchange.setProperty(OUTCOMES, List.of(outcomes));
        exchange.setProperty(TO_SEND, messages.size());
        exchange.setProperty(BUNDLE_TYPE, type);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(messages);
    }

    /** A transaction's Patient or Device entry (a conditional create, as PHD sends it); null for any other entry. */
    private static Outcome patientOrDevice(JsonNode entry, String where, LocalReferences references) {
        String resourceType = entry.path("resource").path("resourceType").asText();
        if (!resourceType.equals("Patient") && !resourceType.equals("Device")) {
            return null;
        }
        if (!"POST".equals(entry.path("request").path("method").asText())) {
            return Outcome.refused(new IngestRefusal(422, "not-supported",
                    "a " + resourceType + " entry must be a POST (a conditional create)", where + ".request"));
        }
        String fullUrl = entry.path("fullUrl").asText("");
        try {
            return Outcome.known(resourceType.equals("Patient")
                    ? references.patient(entry.path("resource"), fullUrl, where + ".resource")
                    : references.device(entry.path("resource"), fullUrl));
        } catch (IngestRefusal refusal) {
            return Outcome.refused(refusal);
        }
    }

    private Outcome entry(JsonNode entry, String where, String client, LocalReferences references) {
        JsonNode request = entry.path("request");
        if (!"POST".equals(request.path("method").asText()) || !request.path("url").asText().startsWith("Observation")) {
            return Outcome.refused(new IngestRefusal(422, "not-supported", "only POST Observation entries are supported"
                    + " (and, in a transaction, the Patient and Device they point at)", where + ".request"));
        }
        if (!entry.path("resource").isObject()) {
            return Outcome.refused(new IngestRefusal(400, "structure", "entry has no resource", where + ".resource"));
        }
        try {
            String ifNoneExist = request.path("ifNoneExist").asText("");
            String condition = ifNoneExist.isEmpty() ? null : ConditionalCreate.identifier(ifNoneExist);
            Outcome outcome = read(entry.path("resource"), null, where + ".resource", client, condition, references);
            if (outcome.refusal() != null && references.hasPatients()
                    && ReadingExtractor.NOT_A_PANEL.equals(outcome.refusal().getMessage())) {
                return new Outcome(null, null, null, null, null, false, NOT_KEPT);
            }
            return condition != null && outcome.created() && conditionalCreates.exists(outcome.id())
                    ? outcome.matched() : outcome;
        } catch (IngestRefusal refusal) {
            return Outcome.refused(refusal);
        } catch (IOException e) {
            return Outcome.refused(new IngestRefusal(400, "structure", "not JSON", where + ".resource"));
        }
    }

    /**
     * Reads the Observation as the detector will, once it carries the id the server assigns and the references the
     * request resolves. What is not a JSON Observation is read as it came, so the refusal is the detector's.
     */
    private Outcome read(byte[] json, String where, String client, String condition, LocalReferences references) {
        try {
            return read(STRICT.readTree(json), json, where, client, condition, references);
        } catch (IOException e) {
            return readAsSent(json, where);
        }
    }

    /**
     * @param asSent the bytes the resource came as, or null for an entry of a Bundle, already parsed
     * @throws IOException an entry's resource that cannot be written as JSON
     */
    private Outcome read(JsonNode resource, byte[] asSent, String where, String client, String condition,
                         LocalReferences references) throws IOException {
        if (!(resource instanceof ObjectNode observation)
                || !"Observation".equals(observation.path("resourceType").asText())) {
            return readAsSent(asSent != null ? asSent : STRICT.writeValueAsBytes(resource), where);
        }
        references.resolve(observation);
        observation.put("id", ReadingIds.assign(observation, client, condition));
        byte[] assigned;
        try {
            assigned = STRICT.writeValueAsBytes(observation);
        } catch (IOException e) {
            if (asSent == null) {
                throw e;
            }
            return readAsSent(asSent, where);
        }
        try {
            BloodPressureReading reading = reader.read(assigned, clock.millis());
            return new Outcome("Observation", reading.observationId(), assigned, reading.patientId(), null, true, null);
        } catch (InvalidReadingException e) {
            return Outcome.refused(refusal(e, where));
        }
    }

    /** Bytes the endpoint cannot rewrite: the reader's refusal, or, for JSON only a lax parser takes, ours. */
    private Outcome readAsSent(byte[] json, String where) {
        try {
            reader.read(json, clock.millis());
        } catch (InvalidReadingException e) {
            return Outcome.refused(refusal(e, where));
        }
        return Outcome.refused(new IngestRefusal(400, "structure",
                "not strict JSON (RFC 8259): a name given twice, or syntax only a lax parser reads", where));
    }

    private static IngestRefusal refusal(InvalidReadingException e, String where) {
        // not FHIR JSON (not JSON, an element R4 does not define, a wrong type); or FHIR, but not a reading
        boolean notFhir = e.isNotFhirJson();
        int status = e.getMessage().startsWith(PayloadGuard.OVERSIZED) ? 413 : notFhir ? 400 : 422;
        return new IngestRefusal(status, status == 413 ? "too-costly" : notFhir ? "structure" : "invalid",
                e.getMessage(), ReadingProblems.expression(e.getMessage(), where));
    }

    /** The Bundle: exactly one strict JSON document, its entries' decimals kept digit for digit. */
    private static JsonNode parse(byte[] body) {
        try {
            return STRICT.readTree(body);
        } catch (IOException e) {
            throw new IngestRefusal(400, "structure", "the body is not one JSON document (RFC 8259: no name given twice)",
                    null);
        }
    }

    /**
     * After Kafka has acknowledged: 201 (or 200 for a conditional create that matched) with the absolute location of
     * the Observation's version 1, its ETag and Last-Modified, and the body {@code Prefer} asks for; or the Bundle's
     * response.
     */
    @SuppressWarnings("unchecked")
    public void answer(Exchange exchange) throws IOException {
        List<Outcome> outcomes = exchange.getProperty(OUTCOMES, List.class);
        IngestRequest request = IngestRequest.of(exchange);
        Instant acceptedAt = clock.instant();
        outcomes.stream().filter(Outcome::created).forEach(outcome -> conditionalCreates.created(outcome.id()));
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.CONTENT_TYPE, FHIR_JSON);
        String type = exchange.getProperty(BUNDLE_TYPE, String.class);
        if (type == null) {
            Outcome outcome = outcomes.get(0);
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, outcome.created() ? 201 : 200);
            message.setHeader("Location", versionLocation(request, outcome));
            message.setHeader("ETag", "W/\"1\"");
            message.setHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(acceptedAt.atOffset(ZoneOffset.UTC)));
            message.setBody(switch (request.preferred()) {
                case MINIMAL -> new byte[0];
                case OPERATION_OUTCOME -> OperationOutcomes.JSON.writeValueAsBytes(OperationOutcomes.information(
                        outcome.created() ? "created" : outcome.note()));
                case REPRESENTATION -> outcome.json();
            });
            return;
        }
        ObjectNode response = OperationOutcomes.JSON.createObjectNode().put("resourceType", "Bundle")
                .put("type", type + "-response");
        ArrayNode entries = response.putArray("entry");
        for (Outcome outcome : outcomes) {
            ObjectNode entry = entries.addObject().putObject("response");
            if (outcome.refusal() != null) {
                entry.put("status", outcome.refusal().status() + "");
                entry.set("outcome", OperationOutcomes.of(outcome.refusal()));
                continue;
            }
            entry.put("status", outcome.created() ? "201 Created" : "200 OK");
            if (outcome.id() != null) {
                entry.put("location", outcome.type().equals("Observation") ? versionLocation(request, outcome)
                        : request.base() + "/" + outcome.type() + "/" + outcome.id());
            }
            if (outcome.created()) {
                entry.put("etag", "W/\"1\"").put("lastModified", acceptedAt.toString());
            }
            if (outcome.note() != null) {
                entry.set("outcome", OperationOutcomes.information(outcome.note()));
            }
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setBody(OperationOutcomes.JSON.writeValueAsBytes(response));
    }

    /** Where the reading's one version is: {@code <base>/Observation/<id>/_history/1}. */
    private static String versionLocation(IngestRequest request, Outcome outcome) {
        return request.base() + "/Observation/" + outcome.id() + "/_history/1";
    }

    /** {@code GET /fhir/metadata}: what this endpoint does, as a FHIR R4 CapabilityStatement. */
    public void capabilities(Exchange exchange) {
        JsonFormats.require(exchange.getMessage());
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
        observation.put("conditionalCreate", true);
        observation.putArray("interaction").addObject().put("code", "create").put("documentation",
                "The server assigns the id, from the Observation's identifier (or its source and the client's id), so"
                        + " a create sent again is the same reading. A transaction may carry the Patient and Device"
                        + " its Observations reference by urn:uuid (a PHD upload).");
        rest.putArray("interaction").add(OperationOutcomes.JSON.createObjectNode().put("code", "batch"))
                .add(OperationOutcomes.JSON.createObjectNode().put("code", "transaction"));
        return statement;
    }
}
