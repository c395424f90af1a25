package io.bpmonitor.alerts;

import static io.bpmonitor.config.Setting.BP_ALERT_INDEX;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.simulation.ObservationJson;
import io.bpmonitor.simulation.SimulatedReading;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Upgrade in place, on real Kafka and Elasticsearch: {@code bp_alerts} as an earlier release left it (its strict
 * mapping without the new fields, two alerts open, versioned by that release's offsets). The new release extends the
 * mapping at start-up and takes both alerts over, with no manual step: the one whose patient measures again continues
 * (same alert, one more reading, no second crisis opened), the one whose patient stays quiet is resolved by the clock.
 */
class AlertsUpgradeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void theAlertsAPreviousReleaseLeftOpenAreContinuedOrResolvedNeverOpenedTwice() throws Exception {
        AlertStream stream = new AlertStream(2);
        Map<String, String> settings = stream.settings;
        String index = settings.get(BP_ALERT_INDEX.property());
        assertThat(SharedStack.es().put("/" + index, AlertStream.PREVIOUS_RELEASE_MAPPING).ok()).isTrue();
        Alert continued = new Alert(Alert.idOf("p-continued", AlertKind.CRISIS, "old-c"), "p-continued",
                AlertKind.CRISIS, AlertStatus.OPEN, now.minus(Duration.ofMinutes(10)), now.minus(Duration.ofMinutes(10)),
                null, null, null, 1, 190, 100, List.of("old-c"), null);
        Alert quiet = new Alert(Alert.idOf("p-quiet", AlertKind.SUSTAINED, "old-s3"), "p-quiet", AlertKind.SUSTAINED,
                AlertStatus.OPEN, now.minus(Duration.ofDays(8).plusHours(1)), now.minus(Duration.ofDays(8)), null, null,
                null, 3,
                158, 96, List.of("old-s1", "old-s2", "old-s3"), null);
        leftByThePreviousRelease(index, continued, 4_812);
        leftByThePreviousRelease(index, quiet, 4_812);

        try (RunningApp app = RunningApp.start(settings)) {
            KafkaTestClient.send(stream.topic(), List.of(new ProducerRecord<>(stream.topic(), "p-continued",
                    ObservationJson.bytes(new SimulatedReading("new-c", "p-continued", "cuff-1",
                            now.atOffset(ZoneOffset.UTC), 204, 122)))));

            Poll.until(Duration.ofSeconds(60), () -> {
                Map<String, JsonNode> documents = stream.alertDocuments();
                return documents.get(continued.alertId()).path("readings").asInt() == 2
                        && documents.get(quiet.alertId()).path("status").asText().equals("resolved");
            }, "the continued alert grew and the quiet one resolved");
            Map<String, JsonNode> documents = stream.alertDocuments();
            assertThat(documents).as("no second crisis opened").containsOnlyKeys(continued.alertId(), quiet.alertId());
            JsonNode grown = documents.get(continued.alertId());
            assertThat(grown.path("status").asText()).isEqualTo("open");
            assertThat(grown.path("systolic").asInt()).isEqualTo(204);
            assertThat(Instant.parse(grown.path("last_reading_at").asText())).isEqualTo(now);
            assertThat(grown.path("review_status").asText()).as("a field the mapping gained").isEqualTo("unreviewed");
            JsonNode resolved = documents.get(quiet.alertId());
            assertThat(Instant.parse(resolved.path("resolved_at").asText()))
                    .as("a sustained alert is the home rule's now: 7 days after its last reading")
                    .isEqualTo(now.minus(Duration.ofDays(1)));

            assertThat(stream.alertEvents(1, Duration.ofSeconds(10)))
                    .extracting(event -> event.path("alert_id").asText() + ":" + event.path("status").asText())
                    .containsExactly(quiet.alertId() + ":resolved");
        }
    }

    /** The document as the earlier release indexed it: without the fields it did not know, versioned by an offset. */
    private static void leftByThePreviousRelease(String index, Alert alert, long offset) throws Exception {
        ObjectNode document = (ObjectNode) JSON.readTree(AlertJson.text(alert));
        document.remove("quiet_from");
        document.remove("review_status");
        document.remove("review");
        assertThat(SharedStack.es().put("/" + index + "/_doc/" + alert.alertId() + "?version=" + offset
                + "&version_type=external_gte&refresh=true", document.toString()).ok()).isTrue();
    }
}
