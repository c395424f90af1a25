package io.bpmonitor.alerts;

import static io.bpmonitor.config.Setting.BP_ALERT_INDEX;
import static io.bpmonitor.config.Setting.BP_BOARD_PORT;
import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.simulation.ObservationJson;
import io.bpmonitor.simulation.SimulatedReading;
import io.bpmonitor.testing.BasicAuth;
import io.bpmonitor.testing.TestUsers;
import io.bpmonitor.testing.EsHttp;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The alerts' clock on real Kafka and Elasticsearch, one partition, other patients measuring all along: a cuff whose
 * clock says 2099 is refused and closes no one's crisis; a crisis forwarded 3 hours late is open, on the board, for
 * the quiet period after it arrived; a restart changes neither. Started on a {@code bp_alerts} index with the previous
 * release's strict mapping, which start-up extends.
 */
class AlertClockIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private int sent;

    private ProducerRecord<String, byte[]> reading(String topic, String patient, Instant takenAt, int systolic,
                                                   int diastolic) {
        String id = "clock-" + patient + "-" + sent++;
        return new ProducerRecord<>(topic, patient, ObservationJson.bytes(new SimulatedReading(id, patient, "cuff-1",
                takenAt.atOffset(ZoneOffset.UTC), systolic, diastolic)));
    }

    /** Other patients measuring now: what moved the partition's clock before, and must not end anyone's episode. */
    private List<ProducerRecord<String, byte[]>> otherPatients(String topic, int count) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(reading(topic, "p-other-" + i % 5, now.plusSeconds(i), 150 + i % 20, 95));
        }
        return records;
    }

    @Test
    void noCuffMovesTheClockAndALateCrisisIsOpenForItsQuietPeriod() throws Exception {
        AlertStream stream = new AlertStream(1);
        Map<String, String> settings = stream.settings;
        String topic = stream.topic();
        String alertIndex = settings.get(BP_ALERT_INDEX.property());
        assertThat(SharedStack.es().put("/" + alertIndex, AlertStream.PREVIOUS_RELEASE_MAPPING).ok()).isTrue();

        try (RunningApp app = RunningApp.start(settings)) {
            List<ProducerRecord<String, byte[]>> first = new ArrayList<>(otherPatients(topic, 20));
            first.add(reading(topic, "p-2099", Instant.parse("2099-01-01T10:00:00Z"), 120, 80));
            first.add(reading(topic, "p-crisis", now.plusSeconds(60), 196, 118));
            first.add(reading(topic, "p-late", now.minus(Duration.ofHours(3)), 210, 105));
            first.addAll(otherPatients(topic, 20));
            KafkaTestClient.send(topic, first);

            Poll.until(Duration.ofSeconds(60), () -> openCrises(stream).size() == 2, "both crises open");
            assertThat(openCrises(stream)).containsOnlyKeys("p-crisis", "p-late");
            JsonNode late = openCrises(stream).get("p-late");
            assertThat(Instant.parse(late.path("quiet_from").asText())).as("counted from its arrival")
                    .isAfterOrEqualTo(now.minusSeconds(5));
            assertThat(late.path("review_status").asText()).isEqualTo("unreviewed");
            assertThat(onTheBoard(settings)).contains("p-crisis", "p-late");

            List<ConsumerRecord<String, byte[]>> deadLetters =
                    KafkaTestClient.readCommitted(settings.get(BP_DLQ_TOPIC.property()), Duration.ofSeconds(20));
            assertThat(deadLetters).singleElement().satisfies(deadLetter -> assertThat(new String(
                    deadLetter.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8))
                    .startsWith("effective time in the future"));
        }

        // a restart reloads the state: more traffic of other patients, and both crises are still open
        try (RunningApp app = RunningApp.start(settings)) {
            KafkaTestClient.send(topic, otherPatients(topic, 40));
            Poll.until(Duration.ofSeconds(60), () -> GroupOffsets.lag(settings.get(BP_GROUP_ID.property()), topic) == 0,
                    "the detector committed the new readings");
            assertThat(openCrises(stream)).containsOnlyKeys("p-crisis", "p-late");
            assertThat(stream.alertEvents(4, Duration.ofSeconds(10))).as("opened once each, nothing resolved")
                    .filteredOn(event -> event.path("kind").asText().equals("crisis"))
                    .extracting(event -> event.path("patient_id").asText() + " " + event.path("status").asText())
                    .containsExactlyInAnyOrder("p-crisis open", "p-late open");
        }
    }

    /** The open crisis alerts by patient, as indexed (with {@code quiet_from}). */
    private static Map<String, JsonNode> openCrises(AlertStream stream) throws Exception {
        String index = stream.settings.get(BP_ALERT_INDEX.property());
        SharedStack.es().post("/" + index + "/_refresh", "");
        EsHttp.Response response = SharedStack.es().post("/" + index + "/_search", "{\"size\": 1000}");
        assertThat(response.ok()).as(response.body()).isTrue();
        Map<String, JsonNode> open = new java.util.TreeMap<>();
        for (JsonNode hit : JSON.readTree(response.body()).path("hits").path("hits")) {
            JsonNode alert = hit.path("_source");
            if (alert.path("kind").asText().equals("crisis") && alert.path("status").asText().equals("open")) {
                open.put(alert.path("patient_id").asText(), alert);
            }
        }
        return open;
    }

    private static String onTheBoard(Map<String, String> settings) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + settings.get(BP_BOARD_PORT.property()) + "/api/alerts")).header("Authorization",
                BasicAuth.header(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }
}
