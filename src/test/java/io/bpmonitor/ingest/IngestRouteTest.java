package io.bpmonitor.ingest;

import static io.bpmonitor.config.Setting.BP_INGEST_PATIENT_IDENTIFIER_SYSTEM;
import static io.bpmonitor.config.Setting.BP_INGEST_TOKENS;
import static io.bpmonitor.config.Setting.BP_MAX_MESSAGE_BYTES;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.localstack.FreePorts;
import io.bpmonitor.testing.FhirBundles;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.LogCapture;
import io.bpmonitor.testing.PhdUploads;
import io.bpmonitor.testing.PoisonCorpus.Poison;
import io.bpmonitor.testing.PoisonCorpus;
import io.bpmonitor.testing.RouteTestSupport;
import io.bpmonitor.testing.SettingMap;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.main.MainConfigurationProperties;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/ingest.yaml on a real HTTP server (its REST paths as a client calls them), with Kafka stood in: what the endpoint sends on, and every answer a
 * client can get, each an OperationOutcome that never echoes the payload or the token.
 */
class IngestRouteTest extends RouteTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "t0ken-for-route-tests";
    private static final String OTHER_TOKEN = "other-token";
    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.19.5";
    private static final int MAX_BYTES = 16_384;
    /** The HTTP server's own body limit here: small, so a body over it is cheap to send. */
    private static final long SERVER_MAX_BYTES = 200_000;

    private final int port = FreePorts.next();
    private final HttpClient http = HttpClient.newHttpClient();
    private boolean kafkaDown;

    @Override
    protected String routesFile() {
        return "ingest.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return SettingMap.of(BP_ROUTES, "ingest", BP_INGEST_TOKENS, OTHER_TOKEN + ", " + TOKEN,
                BP_MAX_MESSAGE_BYTES, String.valueOf(MAX_BYTES), BP_INGEST_PATIENT_IDENTIFIER_SYSTEM, MRN_SYSTEM);
    }


    /** The REST paths need an HTTP server: Camel's own, on a free loopback port. */
    @Override
    protected void configureMore(MainConfigurationProperties configuration) {
        configuration.httpServer().withEnabled(true).withHost("127.0.0.1").withPort(port)
                .withMaxBodySize(SERVER_MAX_BYTES);
    }

    @BeforeEach
    void kafkaStandIn() throws Exception {
        for (String route : new String[] {"ingest-observation", "ingest-bundle"}) {
            sendInsteadTo(route, "kafka:*", "kafka");
        }
        context.start();
        getMockEndpoint("mock:kafka").whenAnyExchangeReceived(exchange -> {
            if (kafkaDown) {
                throw new org.apache.kafka.common.errors.TimeoutException("no broker");
            }
        });
    }

    private HttpResponse<String> send(String method, String path, byte[] body, String contentType, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> post(String path, byte[] body, String contentType, String token) {
        return send("POST", path, body, contentType, token);
    }

    private HttpResponse<String> postObservation(byte[] body) {
        return post("/fhir/Observation", body, "application/fhir+json", TOKEN);
    }

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        return JSON.readTree(answer.body());
    }

    private static int status(HttpResponse<String> answer) {
        return answer.statusCode();
    }

    /** HAPI's generic client at its default settings fetches the CapabilityStatement before its first request. */
    @Test
    void theCapabilityStatementSaysWhatIsSupportedAndNeedsNoToken() throws Exception {
        IGenericClient client = FhirContext.forR4Cached().newRestfulGenericClient("http://127.0.0.1:" + port + "/fhir");

        CapabilityStatement statement = client.capabilities().ofType(CapabilityStatement.class).execute();

        assertThat(statement.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(statement.getFormat()).extracting(format -> format.getValue()).contains("json");
        CapabilityStatement.CapabilityStatementRestComponent rest = statement.getRestFirstRep();
        assertThat(rest.getResource()).singleElement().satisfies(resource -> {
            assertThat(resource.getType()).isEqualTo("Observation");
            assertThat(resource.getInteraction()).extracting(interaction -> interaction.getCode().toCode())
                    .containsExactly("create");
        });
        assertThat(rest.getInteraction()).extracting(interaction -> interaction.getCode().toCode())
                .containsExactly("batch", "transaction");
        assertThat(rest.getSecurity().getDescription()).contains("Bearer");

        assertThat(rest.getResourceFirstRep().getConditionalCreate()).isTrue();
        assertThat(status(send("GET", "/fhir/metadata?_format=xml", new byte[0], null, null))).isEqualTo(406);
    }

    /**
     * HAPI's generic client at its default settings, through everything the endpoint offers: create, create sent
     * again, conditional create retried, a batch with one bad entry, a transaction, a PHD upload.
     */
    @Test
    void hapisGenericClientAtItsDefaultsGetsWhatR4Promises() throws Exception {
        FhirContext fhir = FhirContext.forR4Cached();
        IGenericClient client = fhir.newRestfulGenericClient(base());
        client.registerInterceptor(new BearerTokenAuthInterceptor(TOKEN));
        List<Sent> readings = KnownReadings.generate(6, 3);

        MethodOutcome created = client.create().resource(text(readings.get(0))).execute();
        assertThat(created.getCreated()).isTrue();
        assertThat(created.getId().getBaseUrl()).isEqualTo(base());
        assertThat(created.getId().getVersionIdPart()).isEqualTo("1");
        assertThat(created.getId().getIdPart()).as("the server's id, not the client's").isNotEqualTo(readings.get(0).id());
        MethodOutcome sentAgain = client.create().resource(text(readings.get(0))).execute();
        assertThat(sentAgain.getId().getIdPart()).as("a create sent again is the same reading")
                .isEqualTo(created.getId().getIdPart());

        Observation identified = fhir.newJsonParser().parseResource(Observation.class, text(readings.get(1)));
        identified.addIdentifier().setSystem("urn:example:gateway").setValue("reading-77");
        List<MethodOutcome> conditional = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            conditional.add(client.create().resource(identified).conditional()
                    .where(Observation.IDENTIFIER.exactly().systemAndIdentifier("urn:example:gateway", "reading-77"))
                    .execute());
        }
        assertThat(conditional.get(0).getCreated()).isTrue();
        assertThat(conditional.get(1).getCreated()).as("the retry finds the reading").isNotEqualTo(Boolean.TRUE);
        assertThat(conditional.get(1).getId().getIdPart()).isEqualTo(conditional.get(0).getId().getIdPart());
        int sentSoFar = 3;
        assertThat(getMockEndpoint("mock:kafka").getReceivedCounter()).isEqualTo(sentSoFar);

        Bundle batch = fhir.newJsonParser().parseResource(Bundle.class, new String(FhirBundles.of("batch",
                List.of(readings.get(2).json(), poison(readings.get(3), "status-cancelled"), readings.get(4).json())),
                StandardCharsets.UTF_8));
        assertThat(client.transaction().withBundle(batch).execute().getEntry())
                .extracting(entry -> entry.getResponse().getStatus()).containsExactly("201 Created", "422", "201 Created");

        Bundle transaction = fhir.newJsonParser().parseResource(Bundle.class, new String(FhirBundles.of("transaction",
                List.of(readings.get(3).json(), readings.get(5).json())), StandardCharsets.UTF_8));
        Bundle transactionResponse = client.transaction().withBundle(transaction).execute();
        assertThat(transactionResponse.getEntry()).extracting(entry -> entry.getResponse().getStatus())
                .containsExactly("201 Created", "201 Created");
        assertThat(transactionResponse.getEntryFirstRep().getResponse().getLocation())
                .startsWith(base() + "/Observation/").endsWith("/_history/1");

        Bundle phd = fhir.newJsonParser().parseResource(Bundle.class, new String(PhdUploads.of(readings.get(5).json(),
                MRN_SYSTEM, "mrn-4411", "00-1C-05-FF-FE-00-42-17"), StandardCharsets.UTF_8));
        assertThat(client.transaction().withBundle(phd).execute().getEntry())
                .extracting(entry -> entry.getResponse().getStatus() + " " + entry.getResponse().getLocation())
                .containsExactly("200 OK " + base() + "/Patient/mrn-4411", "200 OK " + base() + "/Device/00-1C-05-FF-FE-00-42-17",
                        "201 Created " + base() + "/Observation/" + lastSent().path("id").asText() + "/_history/1", "200 OK null");
        assertThat(lastSent().path("subject").path("reference").asText()).isEqualTo("Patient/mrn-4411");
        assertThat(lastSent().path("device").path("reference").asText()).isEqualTo("Device/00-1C-05-FF-FE-00-42-17");
        assertThat(lastKey()).isEqualTo("mrn-4411");
    }

    private String base() {
        return "http://127.0.0.1:" + port + "/fhir";
    }

    private static String text(Sent reading) {
        return new String(reading.json(), StandardCharsets.UTF_8);
    }

    /** The last message sent to Kafka: of the last request, the last Observation. */
    private Message lastMessage() {
        List<org.apache.camel.Exchange> exchanges = getMockEndpoint("mock:kafka").getExchanges();
        Message message = exchanges.get(exchanges.size() - 1).getMessage();
        return message.getBody() instanceof List<?> batch ? (Message) batch.get(batch.size() - 1) : message;
    }

    private JsonNode lastSent() throws Exception {
        return JSON.readTree(lastMessage().getBody(byte[].class));
    }

    private String lastKey() {
        return lastMessage().getHeader(KafkaConstants.KEY, String.class);
    }

    @Test
    void theIdIsTheSameForTheSameSourceAndIdentifierAndApartForAnotherSource() throws Exception {
        Sent reading = KnownReadings.generate(1, 8).get(0);
        assertThat(status(post("/fhir/Observation", reading.json(), "application/fhir+json", TOKEN))).isEqualTo(201);
        String first = lastSent().path("id").asText();
        assertThat(status(post("/fhir/Observation", reading.json(), "application/fhir+json", OTHER_TOKEN))).isEqualTo(201);
        assertThat(lastSent().path("id").asText()).as("another gateway's Observation with the same id").isNotEqualTo(first);

        ObjectNode withSource = (ObjectNode) JSON.readTree(reading.json());
        withSource.putObject("meta").put("source", "https://gateway.example/fleet-1");
        post("/fhir/Observation", JSON.writeValueAsBytes(withSource), "application/fhir+json", TOKEN);
        String bySource = lastSent().path("id").asText();
        post("/fhir/Observation", JSON.writeValueAsBytes(withSource), "application/fhir+json", OTHER_TOKEN);
        assertThat(lastSent().path("id").asText()).as("meta.source names the source, whoever relays it")
                .isEqualTo(bySource).isNotEqualTo(first);

        ObjectNode identified = (ObjectNode) JSON.readTree(reading.json());
        identified.putArray("identifier").addObject().put("system", "urn:example:cuff-vendor").put("value", "m-991");
        post("/fhir/Observation", JSON.writeValueAsBytes(identified), "application/fhir+json", TOKEN);
        String byIdentifier = lastSent().path("id").asText();
        identified.put("id", "another-client-id");
        post("/fhir/Observation", JSON.writeValueAsBytes(identified), "application/fhir+json", OTHER_TOKEN);
        assertThat(lastSent().path("id").asText()).isEqualTo(byIdentifier);
    }

    @Test
    void preferAndFormatsAreHonoured() throws Exception {
        Sent reading = KnownReadings.generate(1, 9).get(0);
        HttpResponse<String> minimal = http.send(HttpRequest.newBuilder(URI.create(base() + "/Observation"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + TOKEN)
                .header("Prefer", "return=minimal").POST(HttpRequest.BodyPublishers.ofByteArray(reading.json())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status(minimal)).isEqualTo(201);
        assertThat(minimal.body()).isEmpty();
        assertThat(minimal.headers().firstValue("ETag")).contains("W/\"1\"");
        assertThat(minimal.headers().firstValue("Last-Modified")).hasValueSatisfying(
                date -> assertThat(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.parse(date)).isNotNull());

        HttpResponse<String> outcome = http.send(HttpRequest.newBuilder(URI.create(base() + "/Observation"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + TOKEN)
                .header("Prefer", "return=OperationOutcome").POST(HttpRequest.BodyPublishers.ofByteArray(reading.json()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json(outcome).path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(json(outcome).path("issue").get(0).path("severity").asText()).isEqualTo("information");

        for (String refused : new String[] {"?_format=xml", "?_format=application/fhir+xml"}) {
            assertThat(status(post("/fhir/Observation" + refused, reading.json(), "application/fhir+json", TOKEN)))
                    .as(refused).isEqualTo(406);
        }
        HttpResponse<String> xml = http.send(HttpRequest.newBuilder(URI.create(base() + "/Observation"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "application/fhir+xml").POST(HttpRequest.BodyPublishers.ofByteArray(reading.json()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status(xml)).isEqualTo(406);
        assertThat(json(xml).path("issue").get(0).path("code").asText()).isEqualTo("not-supported");
        assertThat(getMockEndpoint("mock:kafka").getReceivedCounter()).as("only the two accepted").isEqualTo(2);
    }

    @Test
    void aSubjectGivenByATrustedIdentifierIsThatPatient() throws Exception {
        ObjectNode byIdentifier = (ObjectNode) JSON.readTree(KnownReadings.generate(1, 10).get(0).json());
        ObjectNode subject = byIdentifier.putObject("subject");
        subject.putObject("identifier").put("system", MRN_SYSTEM).put("value", "mrn-1207");

        assertThat(status(postObservation(JSON.writeValueAsBytes(byIdentifier)))).isEqualTo(201);
        assertThat(lastKey()).isEqualTo("mrn-1207");

        ((ObjectNode) subject.get("identifier")).put("system", "urn:example:other-hospital");
        HttpResponse<String> untrusted = postObservation(JSON.writeValueAsBytes(byIdentifier));
        assertThat(status(untrusted)).isEqualTo(422);
        assertThat(json(untrusted).path("issue").get(0).path("expression").get(0).asText()).isEqualTo("Observation.subject");
    }

    @Test
    void anAcceptedObservationIsSentKeyedByPatientThen201() throws Exception {
        Sent reading = KnownReadings.generate(1, 1).get(0);
        HttpResponse<String> answer = postObservation(reading.json());

        assertThat(status(answer)).isEqualTo(201);
        Message sent = getMockEndpoint("mock:kafka").getExchanges().get(0).getMessage();
        assertThat(sent.getHeader(KafkaConstants.KEY)).isEqualTo(reading.patientId());
        ObjectNode expected = (ObjectNode) JSON.readTree(reading.json());
        String id = JSON.readTree(sent.getBody(byte[].class)).path("id").asText();
        expected.put("id", id);
        assertThat(JSON.readTree(sent.getBody(byte[].class))).as("as sent, with the server's id").isEqualTo(expected);
        assertThat(json(answer)).isEqualTo(expected);
        assertThat(answer.headers().firstValue("Location")).contains(base() + "/Observation/" + id + "/_history/1");
    }

    @Test
    void anObservationWithoutIdGetsOne() throws Exception {
        ObjectNode observation = (ObjectNode) JSON.readTree(KnownReadings.generate(1, 2).get(0).json());
        observation.remove("id");

        HttpResponse<String> answer = postObservation(JSON.writeValueAsBytes(observation));

        assertThat(status(answer)).isEqualTo(201);
        String id = json(answer).path("id").asText();
        assertThat(id).isNotBlank();
        assertThat(answer.headers().firstValue("Location")).contains(base() + "/Observation/" + id + "/_history/1");
    }

    @Test
    void everyRefusalIsAnOperationOutcomeWithoutThePayloadOrTheToken() throws Exception {
        byte[] valid = KnownReadings.generate(1, 3).get(0).json();
        Map<Integer, HttpResponse<String>> answers = Map.of(
                401, post("/fhir/Observation", valid, "application/fhir+json", "wrong-token"),
                415, post("/fhir/Observation", valid, "text/plain", TOKEN),
                413, postObservation(("{\"resourceType\":\"Observation\",\"note\":\"" + "x".repeat(MAX_BYTES) + "\"}")
                        .getBytes(StandardCharsets.UTF_8)),
                400, postObservation("this is not { json".getBytes(StandardCharsets.UTF_8)),
                405, send("PUT", "/fhir/Observation", valid, "application/fhir+json", TOKEN));
        answers.forEach((expected, answer) -> {
            assertThat(status(answer)).isEqualTo(expected);
            assertThat(answer.headers().firstValue("Content-Type")).contains("application/fhir+json");
            assertThat(answer.body()).contains("\"resourceType\":\"OperationOutcome\"")
                    .doesNotContain(TOKEN).doesNotContain("Patient/").doesNotContain("at io.");
        });
        assertThat(post("/fhir/Observation", valid, "application/fhir+json", null).headers().firstValue("WWW-Authenticate"))
                .contains("Bearer");
        assertThat(status(send("GET", "/fhir", new byte[0], null, TOKEN))).isEqualTo(405);
        assertThat(getMockEndpoint("mock:kafka").getReceivedCounter()).isZero();
    }

    @Test
    void aBodyOverTheServersOwnLimitIs413OperationOutcomeAndNoUnhandledException() throws Exception {
        Sent reading = KnownReadings.generate(1, 8).get(0);
        List<byte[]> copies = new ArrayList<>();
        while (copies.size() * reading.json().length <= SERVER_MAX_BYTES) {
            copies.add(reading.json());
        }
        byte[] bundle = FhirBundles.of("batch", copies);
        try (LogCapture log = LogCapture.open()) {
            Map<String, HttpResponse<String>> answers = Map.of(
                    "bundle", post("/fhir", bundle, "application/fhir+json", TOKEN),
                    // refused before the token is looked at: the body is not read that far
                    "no token", post("/fhir/Observation", bundle, "application/fhir+json", null),
                    "other method", send("PUT", "/fhir/Observation", bundle, "application/fhir+json", TOKEN));
            answers.forEach((what, answer) -> {
                assertThat(status(answer)).as(what).isEqualTo(413);
                assertThat(answer.headers().firstValue("Content-Type")).as(what).contains("application/fhir+json");
                JsonNode outcome;
                try {
                    outcome = json(answer);
                } catch (Exception e) {
                    throw new AssertionError(what + ": not JSON: " + answer.body(), e);
                }
                assertThat(outcome.path("resourceType").asText()).as(what).isEqualTo("OperationOutcome");
                JsonNode issue = outcome.path("issue").get(0);
                assertThat(issue.path("severity").asText()).as(what).isEqualTo("error");
                assertThat(issue.path("code").asText()).as(what).isEqualTo("too-costly");
                assertThat(issue.path("diagnostics").asText()).as(what)
                        .isEqualTo("the body is over the server's limit of " + SERVER_MAX_BYTES + " bytes");
                assertThat(answer.body()).as(what).doesNotContain(reading.patientId()).doesNotContain(TOKEN);
            });
            assertThat(log.text()).doesNotContain("Unhandled exception").doesNotContain("\tat ")
                    .doesNotContain(reading.patientId());
        }
        // within the server's limit, the endpoint's own limits answer as before
        HttpResponse<String> own = postObservation(
                FhirBundles.of("batch", copies.subList(0, MAX_BYTES / reading.json().length + 1)));
        assertThat(status(own)).isEqualTo(413);
        assertThat(json(own).path("issue").get(0).path("diagnostics").asText()).endsWith("limit " + MAX_BYTES);
        assertThat(getMockEndpoint("mock:kafka").getReceivedCounter()).isZero();
    }

    @Test
    void whatTheDetectorWouldDeadLetterIsRefusedAtTheDoorSayingWhere() throws Exception {
        Sent base = KnownReadings.generate(2, 4).get(1);
        for (Poison poison : PoisonCorpus.of(base, MAX_BYTES)) {
            if (poison.kind().equals("no-id")) {
                continue; // the endpoint assigns one
            }
            HttpResponse<String> answer = postObservation(poison.value() == null ? new byte[0] : poison.value());
            assertThat(status(answer)).as(poison.kind()).isIn(400, 413, 422);
            JsonNode issue = json(answer).path("issue").get(0);
            assertThat(issue.path("diagnostics").asText()).as(poison.kind()).isNotBlank();
            if (status(answer) == 422) {
                assertThat(issue.path("expression").get(0).asText()).as(poison.kind()).startsWith("Observation");
            }
        }
        assertThat(getMockEndpoint("mock:kafka").getReceivedCounter()).isZero();
    }

    @Test
    void aBatchSendsItsGoodEntriesAndAnswersForEach() throws Exception {
        List<Sent> readings = KnownReadings.generate(3, 5);
        byte[] bundle = FhirBundles.of("batch", List.of(readings.get(0).json(), poison(readings.get(1), "status-cancelled"),
                readings.get(2).json()));

        HttpResponse<String> answer = post("/fhir", bundle, "application/fhir+json", TOKEN);

        assertThat(status(answer)).isEqualTo(200);
        JsonNode entries = json(answer).path("entry");
        assertThat(json(answer).path("type").asText()).isEqualTo("batch-response");
        assertThat(entries.get(0).path("response").path("status").asText()).isEqualTo("201 Created");
        assertThat(entries.get(1).path("response").path("status").asText()).isEqualTo("422");
        assertThat(entries.get(1).path("response").path("outcome").path("issue").get(0).path("expression").get(0).asText())
                .isEqualTo("Bundle.entry[1].resource.status");
        assertThat(entries.get(2).path("response").path("location").asText())
                .isEqualTo(base() + "/Observation/" + lastSent().path("id").asText() + "/_history/1");
        List<?> sent = getMockEndpoint("mock:kafka").getExchanges().get(0).getMessage().getBody(List.class);
        assertThat(sent).hasSize(2);
    }

    @Test
    void anEntrysDecimalsArePassedOnDigitForDigit() throws Exception {
        // as a double, 150.4999999999999999999 would be 150.5, and round to 151 mmHg instead of 150
        String exact = "150.4999999999999999999";
        String observation = text(KnownReadings.generate(1, 11).get(0)).replaceFirst("\"value\":\\d+", "\"value\":" + exact);
        assertThat(observation).contains(exact);

        HttpResponse<String> answer = post("/fhir", ("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":"
                + observation + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}")
                .getBytes(StandardCharsets.UTF_8), "application/fhir+json", TOKEN);

        assertThat(status(answer)).isEqualTo(200);
        assertThat(new String(lastMessage().getBody(byte[].class), StandardCharsets.UTF_8)).contains("\"value\":" + exact);
        assertThat(status(post("/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"type\":\"batch\"}"
                .getBytes(StandardCharsets.UTF_8), "application/fhir+json", TOKEN))).as("a name given twice").isEqualTo(400);
    }

    @Test
    void aTransactionWithOneBadEntrySendsNothing() throws Exception {
        List<Sent> readings = KnownReadings.generate(2, 6);
        byte[] bundle = FhirBundles.of("transaction", List.of(readings.get(0).json(), poison(readings.get(1), "no-subject")));

        HttpResponse<String> answer = post("/fhir", bundle, "application/fhir+json", TOKEN);

        assertThat(status(answer)).isEqualTo(422);
        assertThat(json(answer).path("issue").get(0).path("expression").get(0).asText())
                .isEqualTo("Bundle.entry[1].resource.subject");
        assertThat(getMockEndpoint("mock:kafka").getReceivedCounter()).isZero();
        assertThat(status(post("/fhir", FhirBundles.of("transaction", List.of(readings.get(0).json())), "application/fhir+json",
                TOKEN))).isEqualTo(200);
    }

    @Test
    void kafkaNotAcknowledgingIs503WithRetryAfter() {
        kafkaDown = true;

        HttpResponse<String> answer = postObservation(KnownReadings.generate(1, 7).get(0).json());

        assertThat(status(answer)).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("5");
        assertThat(answer.body()).contains("transient");
    }

    private static byte[] poison(Sent base, String kind) {
        return PoisonCorpus.of(base, MAX_BYTES).stream().filter(p -> p.kind().equals(kind)).findFirst().orElseThrow().value();
    }
}
