package io.bpmonitor.ingest;

import static io.bpmonitor.config.Setting.BP_BOARD_PORT;
import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_INGEST_MAX_BUNDLE_BYTES;
import static io.bpmonitor.config.Setting.BP_INGEST_PATIENT_IDENTIFIER_SYSTEM;
import static io.bpmonitor.config.Setting.BP_INGEST_TOKENS;
import static io.bpmonitor.config.Setting.BP_MAX_MESSAGE_BYTES;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.ExpectedAnomalies;
import io.bpmonitor.testing.FhirBundles;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.PhdUploads;
import io.bpmonitor.testing.PoisonCorpus.Poison;
import io.bpmonitor.testing.PoisonCorpus;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.junit.jupiter.api.Test;

/**
 * The packaged app with the ingest and detector roles on real Kafka and Elasticsearch: readings posted over HTTP,
 * alone and in Bundles, valid and each kind of invalid, end up as exactly the expected anomalies; the refused ones
 * reach neither Kafka nor the dead-letter topic, and no answer or log line shows a payload or the token. A body over
 * the HTTP server's own limit (which follows BP_INGEST_MAX_BUNDLE_BYTES) is a 413 OperationOutcome too, not a logged
 * stack trace.
 */
class IngestIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "ingest-it-token-5e1f";
    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.19.5";
    private static final String EUI_64 = "00-1C-05-FF-FE-00-77-31";
    private static final int MAX_BYTES = 16_384;
    /** Over Vert.x's default body limit (10 MiB), which the HTTP server's must then follow. */
    private static final int MAX_BUNDLE_BYTES = 10_500_000;
    /** The HTTP server's own limit that follows: 1 MiB over the largest body the endpoint takes. */
    private static final long SERVER_MAX_BYTES = MAX_BUNDLE_BYTES + 1_048_576L;

    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    private HttpResponse<String> post(String path, byte[] body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A batch of copies of {@code reading}, just over {@code bytes} long. */
    private static byte[] bundleOver(long bytes, Sent reading) {
        int one = FhirBundles.of("batch", List.of(reading.json())).length;
        int perEntry = FhirBundles.of("batch", List.of(reading.json(), reading.json())).length - one;
        byte[] bundle = FhirBundles.of("batch", Collections.nCopies((int) ((bytes - one) / perEntry) + 2, reading.json()));
        assertThat((long) bundle.length).isGreaterThan(bytes);
        return bundle;
    }

    /** The readings of a Bundle under the ids its response gives them, entry by entry. */
    private static List<Sent> assigned(List<Sent> sent, HttpResponse<String> answer) throws Exception {
        JsonNode entries = JSON.readTree(answer.body()).path("entry");
        List<Sent> assigned = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            assigned.add(sent.get(i).withId(KnownReadings.idOf(entries.get(i).path("response").path("location").asText())));
        }
        return assigned;
    }

    @Test
    void postedReadingsBecomeExactlyTheExpectedAnomaliesAndRefusedOnesGoNowhere() throws Exception {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.put(BP_ROUTES.property(), "ingest,detector");
        settings.put(BP_INGEST_TOKENS.property(), TOKEN);
        settings.put(BP_INGEST_PATIENT_IDENTIFIER_SYSTEM.property(), MRN_SYSTEM);
        settings.put(BP_MAX_MESSAGE_BYTES.property(), String.valueOf(MAX_BYTES));
        settings.put(BP_INGEST_MAX_BUNDLE_BYTES.property(), String.valueOf(MAX_BUNDLE_BYTES));
        String topic = settings.get(BP_TOPIC.property());
        SharedStack.createTopic(topic, 2);
        base = "http://127.0.0.1:" + settings.get(BP_BOARD_PORT.property()) + "/fhir";
        List<Sent> accepted = new ArrayList<>();

        try (AppProcess app = AppProcess.start("ingest", settings).awaitStarted(Duration.ofSeconds(90))) {
            List<Sent> singles = KnownReadings.generate(120, 31);
            List<String> assignedIds = new ArrayList<>();
            for (Sent reading : singles) {
                HttpResponse<String> created = post("/Observation", reading.json(), TOKEN);
                assertThat(created.statusCode()).isEqualTo(201);
                assignedIds.add(KnownReadings.idOf(created.headers().firstValue("Location").orElseThrow()));
                accepted.add(reading.withId(assignedIds.get(assignedIds.size() - 1)));
            }
            assertThat(Set.copyOf(assignedIds)).as("one id each, the server's").hasSize(singles.size())
                    .doesNotContain(singles.get(0).id());
            // a client retrying after a timeout: the same id, no second anomaly
            HttpResponse<String> retried = post("/Observation", singles.get(0).json(), TOKEN);
            assertThat(retried.statusCode()).isEqualTo(201);
            assertThat(KnownReadings.idOf(retried.headers().firstValue("Location").orElseThrow()))
                    .isEqualTo(assignedIds.get(0));

            ObjectNode withoutId = (ObjectNode) JSON.readTree(KnownReadings.generate(1, 32).get(0).json());
            Sent original = KnownReadings.generate(1, 32).get(0);
            withoutId.remove("id");
            HttpResponse<String> assigned = post("/Observation", JSON.writeValueAsBytes(withoutId), TOKEN);
            assertThat(assigned.statusCode()).isEqualTo(201);
            accepted.add(original.withId(KnownReadings.idOf(assigned.headers().firstValue("Location").orElseThrow())));

            for (Poison poison : PoisonCorpus.of(singles.get(1), MAX_BYTES)) {
                if (poison.kind().equals("no-id") || poison.value() == null) {
                    continue;
                }
                HttpResponse<String> refused = post("/Observation", poison.value(), TOKEN);
                assertThat(refused.statusCode()).as(poison.kind()).isIn(400, 413, 422);
                // the answer says what is wrong, never what was sent (the patient id is in every payload)
                assertThat(refused.body()).as(poison.kind()).contains("OperationOutcome")
                        .doesNotContain(singles.get(1).patientId());
            }
            assertThat(post("/Observation", singles.get(2).json(), null).statusCode()).isEqualTo(401);
            assertThat(post("/Observation", singles.get(2).json(), "not-the-token").statusCode()).isEqualTo(401);
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(base + "/Observation"))
                    .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);
            HttpResponse<String> text = http.send(HttpRequest.newBuilder(URI.create(base + "/Observation"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(text.statusCode()).isEqualTo(415);

            // over the endpoint's Bundle limit, within the server's: the endpoint's own 413, after the token
            byte[] overBundleLimit = bundleOver(MAX_BUNDLE_BYTES, singles.get(1));
            assertThat((long) overBundleLimit.length).isLessThanOrEqualTo(SERVER_MAX_BYTES);
            assertThat(post("", overBundleLimit, null).statusCode()).isEqualTo(401);
            HttpResponse<String> ownLimit = post("", overBundleLimit, TOKEN);
            assertThat(ownLimit.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(ownLimit.body()).path("issue").get(0).path("diagnostics").asText())
                    .isEqualTo("oversized message: " + overBundleLimit.length + " bytes, limit " + MAX_BUNDLE_BYTES);
            // over the HTTP server's own limit: refused before it is read whole, still a FHIR answer, nothing logged
            int logBefore = app.logText().length();
            byte[] overServerLimit = bundleOver(SERVER_MAX_BYTES, singles.get(1));
            for (String path : new String[] {"", "/Observation"}) {
                HttpResponse<String> serverLimit = post(path, overServerLimit, TOKEN);
                assertThat(serverLimit.statusCode()).as(path).isEqualTo(413);
                assertThat(serverLimit.headers().firstValue("Content-Type")).as(path).contains("application/fhir+json");
                JsonNode outcome = JSON.readTree(serverLimit.body());
                assertThat(outcome.path("resourceType").asText()).as(path).isEqualTo("OperationOutcome");
                assertThat(outcome.path("issue").get(0).path("severity").asText()).as(path).isEqualTo("error");
                assertThat(outcome.path("issue").get(0).path("code").asText()).as(path).isEqualTo("too-costly");
                assertThat(outcome.path("issue").get(0).path("diagnostics").asText()).as(path)
                        .isEqualTo("the body is over the server's limit of " + SERVER_MAX_BYTES + " bytes");
                assertThat(serverLimit.body()).as(path).doesNotContain(singles.get(1).patientId());
            }
            // the board's paths: the board's kind of JSON error
            HttpResponse<String> board = http.send(HttpRequest.newBuilder(
                            URI.create(base.replace("/fhir", "/api/summary")))
                    .method("GET", HttpRequest.BodyPublishers.ofByteArray(overServerLimit)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(board.statusCode()).isEqualTo(413);
            assertThat(board.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
            assertThat(JSON.readTree(board.body()).path("error").asText()).isEqualTo("body_too_large");
            assertThat(app.logText().substring(logBefore)).doesNotContain("Unhandled exception")
                    .doesNotContain("HttpException").doesNotContain("\tat ");

            List<Sent> batch = KnownReadings.generate(60, 33);
            Poison bad = PoisonCorpus.of(batch.get(0), MAX_BYTES).stream()
                    .filter(p -> p.kind().equals("status-cancelled")).findFirst().orElseThrow();
            List<byte[]> entries = new ArrayList<>(batch.stream().map(Sent::json).toList());
            entries.add(bad.value());
            HttpResponse<String> batchAnswer = post("", FhirBundles.of("batch", entries), TOKEN);
            assertThat(batchAnswer.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(batchAnswer.body()).path("entry")).hasSize(61);
            accepted.addAll(assigned(batch, batchAnswer));

            List<Sent> refusedTransaction = KnownReadings.generate(10, 34);
            List<byte[]> transaction = new ArrayList<>(refusedTransaction.stream().map(Sent::json).toList());
            transaction.add(bad.value());
            assertThat(post("", FhirBundles.of("transaction", transaction), TOKEN).statusCode()).isEqualTo(422);
            List<Sent> goodTransaction = KnownReadings.generate(10, 35);
            HttpResponse<String> transactionAnswer = post("", FhirBundles.of("transaction",
                    goodTransaction.stream().map(Sent::json).toList()), TOKEN);
            assertThat(transactionAnswer.statusCode()).isEqualTo(200);
            accepted.addAll(assigned(goodTransaction, transactionAnswer));

            // a PHD upload: the patient named by the Patient entry's identifier, the device by its EUI-64
            Sent cuffReading = KnownReadings.generate(40, 38).stream().filter(Sent::isAnomaly).findFirst().orElseThrow();
            HttpResponse<String> phd = post("", PhdUploads.of(cuffReading.json(), MRN_SYSTEM, "mrn-5520", EUI_64), TOKEN);
            assertThat(phd.statusCode()).isEqualTo(200);
            JsonNode phdEntries = JSON.readTree(phd.body()).path("entry");
            Sent uploaded = new Sent(KnownReadings.idOf(phdEntries.get(2).path("response").path("location").asText()),
                    "mrn-5520", cuffReading.systolic(), cuffReading.diastolic(), cuffReading.json());
            accepted.add(uploaded);

            ExpectedAnomalies.of(accepted).awaitExactlyIn(settings.get(BP_INDEX.property()),
                    settings.get(BP_GROUP_ID.property()), topic, Duration.ofSeconds(90));
            assertThat(GroupOffsets.recordCount(topic)).as("refused readings never reach Kafka; a retry is one more record")
                    .isEqualTo(accepted.size() + 1);
            assertThat(GroupOffsets.recordCount(settings.get(BP_DLQ_TOPIC.property()))).isZero();
            assertThat(Anomalies.all(settings.get(BP_INDEX.property())).get(uploaded.id()).path("device_id").asText())
                    .isEqualTo(EUI_64);

            // Kafka down: 503 with Retry-After, then accepted again
            try {
                SharedStack.stopKafka();
                HttpResponse<String> unavailable = post("/Observation", KnownReadings.generate(1, 36).get(0).json(), TOKEN);
                assertThat(unavailable.statusCode()).isEqualTo(503);
                assertThat(unavailable.headers().firstValue("Retry-After")).contains("5");
            } finally {
                SharedStack.startKafka();
            }
            Poll.until(Duration.ofSeconds(60), () -> post("/Observation", KnownReadings.generate(1, 37).get(0).json(), TOKEN)
                    .statusCode() == 201, "accepted again once Kafka is back");
            assertThat(app.logText()).doesNotContain(TOKEN).doesNotContain(singles.get(1).patientId() + "\"")
                    .doesNotContain("Unhandled exception");
        }
    }
}
