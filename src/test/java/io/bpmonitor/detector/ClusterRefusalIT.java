package io.bpmonitor.detector;

import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_MANAGEMENT_PORT;
import static io.bpmonitor.config.Setting.BP_RETRY_INITIAL_DELAY_MS;
import static io.bpmonitor.config.Setting.BP_RETRY_MAX_DELAY_MS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.EsHttp;
import io.bpmonitor.testing.ExpectedAnomalies;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.LogCapture;
import io.bpmonitor.testing.PacedProducer;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SettingMap;
import io.bpmonitor.testing.SharedStack;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Refusals of the cluster or the index, not of the documents, on the real Elasticsearch: a write block, a closed
 * index, a deleted index. Each pauses indexing (readiness DOWN naming the cause, one log line, nothing committed)
 * and the detector carries on by itself when it clears, leaving exactly the expected anomalies and no dead letter.
 */
class ClusterRefusalIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAUSE_LINE = "Elasticsearch refuses every document for now";

    @Test
    void aWriteBlockFor20sPausesIndexingWithoutDeadLetters() throws Exception {
        refusedMidStream("index.blocks.write", "cluster_block_exception",
                index -> settingsUpdate(index, "{\"index.blocks.write\": true}"),
                index -> settingsUpdate(index, "{\"index.blocks.write\": null}"));
    }

    @Test
    void aClosedIndexPausesIndexingUntilItIsReopened() throws Exception {
        refusedMidStream("closed index", "index_closed_exception",
                index -> assertOk(SharedStack.es().post("/" + index + "/_close", "")),
                index -> assertOk(SharedStack.es().post("/" + index + "/_open?wait_for_active_shards=1", "")));
    }

    @Test
    void anIndexDeletedMidRunIsCreatedAgainWithItsMapping() throws Exception {
        KnownStream before = KnownStream.prepare(SettingMap.of(BP_RETRY_MAX_DELAY_MS, "1000"), 2, 6_006);
        Map<String, String> settings = before.settings();
        String index = before.index();
        try (RunningApp app = RunningApp.start(settings)) {
            try (PacedProducer producer = before.produce(1_000)) {
                producer.awaitAllAcknowledged(Duration.ofSeconds(60));
                before.awaitExactlyTheExpectedAnomalies();
            }
            // Elasticsearch creates the index by itself on the next write: the template gives it the mapping
            SharedStack.deleteIndex(index);
            sendAndExpectOnly(before, 6_007);
            assertThat(JSON.readTree(SharedStack.es().get("/" + index + "/_mapping").body())
                    .at("/" + index + "/mappings/dynamic").asText()).as("re-created with the strict mapping")
                    .isEqualTo("strict");

            // where auto-creation is off the bulk answers 404, and the detector creates the index
            settingsOfCluster("{\"persistent\": {\"action.auto_create_index\": false}}");
            try {
                SharedStack.deleteIndex(index);
                sendAndExpectOnly(before, 6_008);
                assertThat(JSON.readTree(SharedStack.es().get("/" + index + "/_mapping").body())
                        .at("/" + index + "/mappings/dynamic").asText()).isEqualTo("strict");
            } finally {
                settingsOfCluster("{\"persistent\": {\"action.auto_create_index\": null}}");
            }
            assertThat(GroupOffsets.recordCount(before.settings().get(BP_DLQ_TOPIC.property()))).as("dead letters")
                    .isZero();
            assertThat(indexingReadiness(app)).isEqualTo("UP");
        }
    }

    /** Sends readings of another seed to the stream's topic and expects exactly their anomalies in the index. */
    private static void sendAndExpectOnly(KnownStream stream, long seed) throws Exception {
        var readings = KnownReadings.generate(600, seed);
        try (PacedProducer producer = PacedProducer.start(KnownReadings.records(stream.topic(), readings), 1_000)) {
            producer.awaitAllAcknowledged(Duration.ofSeconds(60));
        }
        ExpectedAnomalies.of(readings).awaitExactlyIn(stream.index(), stream.group(), stream.topic(),
                Duration.ofSeconds(90));
    }

    private interface IndexChange {
        void apply(String index) throws Exception;
    }

    private static void refusedMidStream(String what, String errorType, IndexChange refuse, IndexChange clear)
            throws Exception {
        KnownStream stream = KnownStream.prepare(SettingMap.of(BP_RETRY_INITIAL_DELAY_MS, "200",
                BP_RETRY_MAX_DELAY_MS, "2000"), 2, what.length());
        String index = stream.index();
        int anomalies = stream.expected().size();
        try (LogCapture log = LogCapture.open();
             RunningApp app = RunningApp.start(stream.settings());
             PacedProducer producer = stream.produce(300)) {
            Poll.until(Duration.ofSeconds(90), () -> Anomalies.count(index) >= anomalies / 5,
                    "a fifth of the anomalies indexed before the " + what);
            refuse.apply(index);
            long refusedAt = System.nanoTime();
            try {
                // closing an index blocks writes first: the readiness names cluster_block_exception for a moment
                Poll.until(Duration.ofSeconds(30), () -> "DOWN".equals(indexingReadiness(app))
                                && readinessMessage(app).contains(errorType),
                        "readiness DOWN naming " + errorType + " once Elasticsearch refuses (" + what + ")");
                Map<TopicPartition, Long> committed = GroupOffsets.committed(stream.group(), stream.topic());
                Poll.until(Duration.ofSeconds(40), () -> System.nanoTime() - refusedAt >= 20_000_000_000L,
                        "20 s of " + what);
                assertThat(GroupOffsets.committed(stream.group(), stream.topic()))
                        .as("nothing committed while Elasticsearch refuses").isEqualTo(committed);
            } finally {
                clear.apply(index);
            }
            producer.awaitAllAcknowledged(Duration.ofSeconds(60));
            stream.awaitExactlyTheExpectedAnomalies();
            assertThat(GroupOffsets.recordCount(stream.settings().get(BP_DLQ_TOPIC.property()))).as("dead letters")
                    .isZero();
            assertThat(indexingReadiness(app)).as("ready again").isEqualTo("UP");
            // closing an index blocks writes first, then closes it: a line when the refusal starts or changes its
            // cause, none per retry
            List<String> pauseLines = log.text().lines()
                    .filter(line -> line.contains("IndexingPause") && line.contains(PAUSE_LINE)).toList();
            assertThat(pauseLines).as("lines naming the cause").hasSizeBetween(1, 2).doesNotHaveDuplicates();
            assertThat(log.text()).contains(PAUSE_LINE + ": " + errorType);
        }
    }

    /** The indexing check as the management server reports it to an orchestrator. */
    private static JsonNode indexingCheck(RunningApp app) throws Exception {
        EsHttp management = new EsHttp("http://127.0.0.1:" + app.setting(BP_MANAGEMENT_PORT.property()));
        JsonNode health = JSON.readTree(management.get("/observe/health/ready?exposureLevel=full").body());
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().endsWith(IndexingHealthCheck.ID)) {
                return check;
            }
        }
        throw new AssertionError("no " + IndexingHealthCheck.ID + " check in " + health);
    }

    private static String indexingReadiness(RunningApp app) throws Exception {
        return indexingCheck(app).path("status").asText();
    }

    private static String readinessMessage(RunningApp app) throws Exception {
        return indexingCheck(app).path("message").asText();
    }

    private static void settingsUpdate(String index, String json) {
        assertOk(SharedStack.es().put("/" + index + "/_settings", json));
    }

    private static void settingsOfCluster(String json) {
        assertOk(SharedStack.es().put("/_cluster/settings", json));
    }

    private static void assertOk(EsHttp.Response response) {
        assertThat(response.ok()).as(response.body()).isTrue();
    }
}
