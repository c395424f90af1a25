package io.bpmonitor.ingest;

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
import io.bpmonitor.testing.PoisonCorpus.Poison;
import io.bpmonitor.testing.PoisonCorpus;
import io.bpmonitor.testing.RouteTestSupport;
import io.bpmonitor.testing.SettingMap;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.main.MainConfigurationProperties;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/ingest.yaml on a real HTTP server (its REST paths as a client calls them), with Kafka stood in: what the endpoint sends on, and every answer a
 * client can get, each an OperationOutcome that never echoes the payload or the token.
 */
class IngestRouteTest extends RouteTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "t0ken-for-route-tests";
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
        return SettingMap.of(BP_ROUTES, "ingest", BP_INGEST_TOKENS, "other-token, " + TOKEN,
                BP_MAX_MESSAGE_BYTES, String.valueOf(MAX_BYTES));
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

        Sent reading = KnownReadings.generate(1, 3).get(0);
        client.registerInterceptor(new BearerTokenAuthInterceptor(TOKEN));
        MethodOutcome created = client.create().resource(new String(reading.json(), StandardCharsets.UTF_8))
                .execute();
        assertThat(created.getCreated()).isTrue();
        assertThat(created.getId().getIdPart()).isEqualTo(reading.id());
    }

    @Test
    void anAcceptedObservationIsSentKeyedByPatientThen201() throws Exception {
        Sent reading = KnownReadings.generate(1, 1).get(0);
        HttpResponse<String> answer = postObservation(reading.json());

        assertThat(status(answer)).isEqualTo(201);
        assertThat(answer.headers().firstValue("Location")).contains("Observation/" + reading.id());
        Message sent = getMockEndpoint("mock:kafka").getExchanges().get(0).getMessage();
        assertThat(sent.getHeader(KafkaConstants.KEY)).isEqualTo(reading.patientId());
        assertThat(JSON.readTree(sent.getBody(byte[].class))).isEqualTo(JSON.readTree(reading.json()));
    }

    @Test
    void anObservationWithoutIdGetsOne() throws Exception {
        ObjectNode observation = (ObjectNode) JSON.readTree(KnownReadings.generate(1, 2).get(0).json());
        observation.remove("id");

        HttpResponse<String> answer = postObservation(JSON.writeValueAsBytes(observation));

        assertThat(status(answer)).isEqualTo(201);
        String id = json(answer).path("id").asText();
        assertThat(id).isNotBlank();
        assertThat(answer.headers().firstValue("Location")).contains("Observation/" + id);
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
        assertThat(entries.get(2).path("response").path("location").asText()).isEqualTo("Observation/" + readings.get(2).id());
        List<?> sent = getMockEndpoint("mock:kafka").getExchanges().get(0).getMessage().getBody(List.class);
        assertThat(sent).hasSize(2);
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
