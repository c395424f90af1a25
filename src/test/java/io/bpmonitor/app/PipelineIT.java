package io.bpmonitor.app;

import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_MODE;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_RATE;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_SEED;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.junit.jupiter.api.Test;

/** The whole pipeline on a real Kafka broker and a real Elasticsearch node. */
class PipelineIT {

    @Test
    void indexesExactlyTheAnomaliesOfAKnownSetOnceEach() throws Exception {
        Map<String, String> settings = RunningApp.isolatedSettings();
        String topic = settings.get(BP_TOPIC.property());
        String index = settings.get(BP_INDEX.property());
        SharedStack.createTopic(topic, 2);
        List<Sent> readings = KnownReadings.generate(3_000, 42);
        // a replayed slice: the same Observations sent a second time must not be indexed twice
        List<Sent> sent = new ArrayList<>(readings);
        sent.addAll(readings.subList(0, 500));
        KafkaTestClient.send(topic, KnownReadings.records(topic, sent));
        Map<String, Sent> expected = readings.stream().filter(Sent::isAnomaly)
                .collect(Collectors.toMap(Sent::id, reading -> reading));
        assertThat(expected.size()).as("the seeded set has both anomalies and normal readings")
                .isBetween(500, 2_500);

        try (RunningApp app = RunningApp.start(settings)) {
            Poll.until(Duration.ofSeconds(90), () -> app.counters().consumed() >= sent.size(),
                    "all " + sent.size() + " records consumed");
            Map<String, JsonNode> documents = Anomalies.all(index);

            assertThat(documents.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (Map.Entry<String, JsonNode> entry : documents.entrySet()) {
                Sent reading = expected.get(entry.getKey());
                JsonNode document = entry.getValue();
                assertThat(document.path("observation_id").asText()).isEqualTo(reading.id());
                assertThat(document.path("patient_id").asText()).isEqualTo(reading.patientId());
                assertThat(document.path("device_id").asText()).startsWith("cuff-");
                assertThat(document.path("systolic").asInt()).isEqualTo(reading.systolic());
                assertThat(document.path("diastolic").asInt()).isEqualTo(reading.diastolic());
                assertThat(document.path("@timestamp").asText()).isEqualTo("2026-11-29T10:00:00Z");
                assertThat(document.path("hypertension_type").asText()).isEqualTo(expectedType(reading));
                assertThat(document.path("grade").asText()).startsWith("grade_");
                assertThat(document.path("severity").asDouble()).isGreaterThan(1.0);
                assertThat(document.path("ingested_at").asText()).isNotBlank();
            }
            assertThat(app.counters().indexed()).isEqualTo(expected.size() + readings.subList(0, 500).stream()
                    .filter(Sent::isAnomaly).count());
            assertThat(app.counters().deadLettered()).isZero();
        }
    }

    @Test
    void simulatorReadingsReachElasticsearch() throws Exception {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.put(BP_ROUTES.property(), "simulator,detector");
        settings.put(BP_SIMULATOR_RATE.property(), "200");
        settings.put(BP_SIMULATOR_MODE.property(), "stream");
        settings.put(BP_SIMULATOR_SEED.property(), "7");
        try (RunningApp app = RunningApp.start(settings)) {
            Poll.until(Duration.ofSeconds(60), () -> Anomalies.count(settings.get(BP_INDEX.property())) >= 100,
                    "100 simulated anomalies indexed");
            assertThat(app.counters().produced()).isGreaterThanOrEqualTo(app.counters().consumed());
        }
    }

    private static String expectedType(Sent reading) {
        boolean systolic = reading.systolic() >= 140;
        boolean diastolic = reading.diastolic() >= 90;
        if (systolic && diastolic) {
            return "systolic_diastolic";
        }
        return systolic ? "isolated_systolic" : "isolated_diastolic";
    }
}
