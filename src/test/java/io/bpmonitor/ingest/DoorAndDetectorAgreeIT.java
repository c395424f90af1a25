package io.bpmonitor.ingest;

import static io.bpmonitor.config.Setting.BP_ALERTS_ENABLED;
import static io.bpmonitor.config.Setting.BP_BOARD_PORT;
import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_INGEST_TOKENS;
import static io.bpmonitor.config.Setting.BP_MAX_MESSAGE_BYTES;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.testing.ExpectedAnomalies;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.LogCapture;
import io.bpmonitor.testing.PoisonCorpus.Poison;
import io.bpmonitor.testing.PoisonCorpus;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The FHIR endpoint and the detector, on real Kafka and Elasticsearch, judge every message alike: each case (readings
 * R4 forbids but HAPI's parser takes, the poison corpus, good readings) is posted to {@code POST /fhir/Observation}
 * and, as the same bytes, produced straight to the readings topic among 60 ordinary anomalies of 12 patients on 3
 * partitions. 201 at the door if and only if the detector indexes it or finds it normal; refused at the door if and
 * only if the detector dead-letters it once, with the same reason; but for the client's id, which the door replaces
 * with its own. No one reading pauses the pipeline.
 */
class DoorAndDetectorAgreeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "agree-it-token-31c9";
    private static final int MAX_BYTES = 16_384;

    /** The readings that stopped a partition or were indexed against R4, and what their refusal must name. */
    private static final Map<String, String> ISSUE_CASES = Map.of(
            "bytes-after-the-json", "Observation",
            "newline-in-patient-id", "Observation.subject",
            "effective-in-year-0000", "Observation.effectiveDateTime");

    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * What only the client's id makes unreadable: the door assigns its own id (R4's create), so it takes these and
     * the detector, reading the client's bytes, dead-letters them.
     */
    private static final Set<String> ID_CASES = Set.of("id-of-10000-characters", "lone-surrogate-in-id");

    /** @param accepted the reading as the door sent it on, under the server's id; null when refused */
    private record Answer(int status, String diagnostics, String expression, Sent accepted) {
    }

    @Test
    void aMessageHasOneVerdictAtTheDoorAndInTheDetectorAndNoneStopsThePipeline() throws Exception {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.put(BP_ROUTES.property(), "ingest,detector");
        settings.put(BP_INGEST_TOKENS.property(), TOKEN);
        settings.put(BP_MAX_MESSAGE_BYTES.property(), String.valueOf(MAX_BYTES));
        settings.put(BP_ALERTS_ENABLED.property(), "false");
        String topic = settings.get(BP_TOPIC.property());
        SharedStack.createTopic(topic, 3);
        String door = "http://127.0.0.1:" + settings.get(BP_BOARD_PORT.property()) + "/fhir/Observation";

        List<Sent> base = KnownReadings.generate(40, 22);
        Map<String, byte[]> cases = cases(base.get(0));
        List<Sent> good = new ArrayList<>(base.subList(1, 11));
        Sent anomaly = base.stream().filter(Sent::isAnomaly).reduce((first, second) -> second).orElseThrow();
        // a cuff 4 minutes ahead is within BP_MAX_CLOCK_SKEW (5 minutes) at either door
        good.add(new Sent("ahead-4-min", anomaly.patientId(), anomaly.systolic(), anomaly.diastolic(), mutate(anomaly,
                o -> o.put("id", "ahead-4-min").put("effectiveDateTime", Instant.now().plusSeconds(240).toString()))));
        good.forEach(reading -> cases.put("good-" + reading.id(), reading.json()));
        List<Sent> ordinary = ordinaryAnomalies(60, 12);

        try (LogCapture log = LogCapture.open(); RunningApp app = RunningApp.start(settings)) {
            Map<String, Answer> atTheDoor = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> each : cases.entrySet()) {
                atTheDoor.put(each.getKey(), post(door, each.getValue()));
            }
            List<Sent> sentByTheDoor = atTheDoor.values().stream().map(Answer::accepted).filter(a -> a != null).toList();
            long acceptedAtTheDoor = sentByTheDoor.size();
            assertThat(GroupOffsets.recordCount(topic)).as("nothing refused at the door reaches Kafka")
                    .isEqualTo(acceptedAtTheDoor);

            // the same bytes straight to Kafka, a case after every two ordinary anomalies
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            List<String> kinds = new ArrayList<>(cases.keySet());
            for (int i = 0; i < Math.max(ordinary.size(), 2 * kinds.size()); i++) {
                if (i < ordinary.size()) {
                    records.add(ordinary.get(i).record(topic));
                }
                if (i % 2 == 1 && i / 2 < kinds.size()) {
                    String kind = kinds.get(i / 2);
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "key-" + kind, cases.get(kind));
                    record.headers().add(PoisonCorpus.KIND_HEADER, kind.getBytes(StandardCharsets.UTF_8));
                    records.add(record);
                }
            }
            KafkaTestClient.send(topic, records);

            List<Sent> indexable = new ArrayList<>(ordinary);
            indexable.addAll(good);
            indexable.addAll(sentByTheDoor);
            ExpectedAnomalies.of(indexable).awaitExactlyIn(settings.get(BP_INDEX.property()),
                    settings.get(BP_GROUP_ID.property()), topic, Duration.ofSeconds(90));

            // committed with the offsets, in the same transactions: all there once the group has committed
            Map<String, List<String>> deadLetters = new LinkedHashMap<>();
            for (ConsumerRecord<String, byte[]> deadLetter : KafkaTestClient.readCommitted(
                    settings.get(BP_DLQ_TOPIC.property()), Duration.ofSeconds(20))) {
                deadLetters.computeIfAbsent(header(deadLetter, PoisonCorpus.KIND_HEADER), kind -> new ArrayList<>())
                        .add(header(deadLetter, "dlq.reason"));
            }
            assertThat(deadLetters).as("only the cases sent straight to Kafka, each once")
                    .doesNotContainKey(null).allSatisfy((kind, reasons) -> assertThat(reasons).as(kind).hasSize(1));
            for (String kind : ID_CASES) {
                assertThat(atTheDoor.get(kind).status()).as(kind + ": the door gives its own id").isEqualTo(201);
                assertThat(deadLetters.get(kind)).as(kind + ": the client's id, refused by the detector").singleElement()
                        .asString().startsWith("Observation.id");
            }
            for (String kind : cases.keySet()) {
                Answer answer = atTheDoor.get(kind);
                if (ID_CASES.contains(kind)) {
                    continue;
                }
                if (answer.status() == 201) {
                    assertThat(deadLetters).as(kind + ": 201 at the door, so read by the detector")
                            .doesNotContainKey(kind);
                } else {
                    assertThat(answer.status()).as(kind).isIn(400, 413, 422);
                    assertThat(deadLetters.get(kind)).as(kind + ": refused at the door, so dead-lettered alike")
                            .containsExactly(answer.diagnostics());
                }
            }
            ISSUE_CASES.forEach((kind, element) -> {
                assertThat(atTheDoor.get(kind).status()).as(kind).isIn(400, 422);
                assertThat(atTheDoor.get(kind).expression()).as(kind).isEqualTo(element);
            });
            assertThat(deadLetters.get("id-of-10000-characters").get(0)).doesNotContain("aaaa");
            assertThat(atTheDoor.get("cuff-clock-in-2099")).isEqualTo(new Answer(422,
                    "effective time in the future: more than 300 s after the reading arrived", "Observation.effective",
                    null));
            good.forEach(reading -> assertThat(atTheDoor.get("good-" + reading.id()).status()).isEqualTo(201));
            assertThat(log.text()).doesNotContain("refuses every document");
        }
    }

    private Answer post(String door, byte[] body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(door))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 201) {
            return new Answer(201, null, null, KnownReadings.read(response.body().getBytes(StandardCharsets.UTF_8)));
        }
        JsonNode issue = JSON.readTree(response.body()).path("issue").path(0);
        return new Answer(response.statusCode(), issue.path("diagnostics").asText(null),
                issue.path("expression").path(0).asText(null), null);
    }

    /** What R4 forbids and HAPI's parser takes, then the poison corpus; in sending order. */
    private static Map<String, byte[]> cases(Sent base) {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        String json = new String(base.json(), StandardCharsets.UTF_8);
        cases.put("id-of-10000-characters", mutate(base, o -> o.put("id", "a".repeat(10_000))));
        cases.put("bytes-after-the-json", (json + "xyz").getBytes(StandardCharsets.UTF_8));
        cases.put("two-json-documents", (json + json).getBytes(StandardCharsets.UTF_8));
        cases.put("newline-in-patient-id", mutate(base, o -> ((ObjectNode) o.get("subject"))
                .put("reference", "Patient/p\n1")));
        cases.put("effective-in-year-0000", mutate(base, o -> o.put("effectiveDateTime", "0000-11-29T10:00:00Z")));
        cases.put("effective-without-offset", mutate(base, o -> o.put("effectiveDateTime", "2026-11-29T10:00:00")));
        cases.put("lone-surrogate-in-id", new String(mutate(base, o -> o.put("id", "SURROGATE")), StandardCharsets.UTF_8)
                .replace("SURROGATE", "o\\ud800").getBytes(StandardCharsets.UTF_8));
        cases.put("cuff-clock-in-2099", mutate(base, o -> o.put("effectiveDateTime", "2099-01-01T10:00:00Z")));
        cases.put("script-in-narrative", mutate(base, o -> o.putObject("text").put("status", "generated")
                .put("div", "<div xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></div>")));
        for (Poison poison : PoisonCorpus.of(base, MAX_BYTES)) {
            if (poison.value() != null && !poison.kind().equals("no-id")) { // the door gives an id; a null is no POST
                cases.put(poison.kind(), poison.value());
            }
        }
        return cases;
    }

    /** {@code count} anomalies, every one with a new id, spread over {@code patients} patients. */
    private static List<Sent> ordinaryAnomalies(int count, int patients) {
        List<Sent> anomalies = new ArrayList<>();
        for (Sent reading : KnownReadings.generate(10 * count, 23)) {
            if (reading.isAnomaly() && anomalies.size() < count) {
                String patient = "agree-p" + anomalies.size() % patients;
                anomalies.add(new Sent(reading.id(), patient, reading.systolic(), reading.diastolic(),
                        mutate(reading, o -> ((ObjectNode) o.get("subject")).put("reference", "Patient/" + patient))));
            }
        }
        assertThat(anomalies).hasSize(count);
        return anomalies;
    }

    private static byte[] mutate(Sent reading, Consumer<ObjectNode> change) {
        try {
            ObjectNode observation = (ObjectNode) JSON.readTree(reading.json());
            change.accept(observation);
            return JSON.writeValueAsBytes(observation);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
