package io.bpmonitor.board;

import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_MODE;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_RATE;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.localstack.FreePorts;
import io.bpmonitor.testing.RunningApp;
import org.junit.jupiter.api.Test;

/**
 * The board when Elasticsearch cannot be asked: 503 from an instance pointed at a dead port (the shared Elasticsearch
 * stays up for the other tests), and no board at all on a simulator without Elasticsearch. One app at a time: apps in
 * one JVM share camel-cli-connector's lock file, and the first to stop would stop the others.
 */
class BoardApiUnavailableIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void elasticsearchDownIs503WithAMessage() throws Exception {
        Map<String, String> settings = BoardApps.isolatedSettings();
        int port = BoardApps.boardPort(settings);
        settings.put(ELASTICSEARCH_URL.property(), "http://127.0.0.1:" + FreePorts.next());
        // no detector: it would wait for the index at start-up; the board still runs, having an Elasticsearch URL
        settings.put(BP_ROUTES.property(), "simulator");
        settings.put(BP_SIMULATOR_RATE.property(), "1");
        settings.put(BP_SIMULATOR_MODE.property(), "stream");
        try (RunningApp down = RunningApp.start(settings)) {
            BoardHttp.Response response = BoardHttp.get("http://127.0.0.1:" + port + "/api/summary?window=5m");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.contentType()).startsWith("application/json");
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.path("error").asText()).isEqualTo("elasticsearch_unavailable");
            assertThat(error.path("message").asText()).contains("Elasticsearch");
            assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Caused by");
            // a bad window is still the caller's mistake, whatever Elasticsearch does
            assertThat(BoardHttp.get("http://127.0.0.1:" + port + "/api/summary?window=2h").status()).isEqualTo(400);
        }
    }

    @Test
    void aSimulatorWithoutElasticsearchServesNoBoard() throws Exception {
        Map<String, String> settings = BoardApps.isolatedSettings();
        int port = BoardApps.boardPort(settings);
        settings.put(ELASTICSEARCH_URL.property(), "");
        settings.put(BP_ROUTES.property(), "simulator");
        settings.put(BP_SIMULATOR_RATE.property(), "1");
        settings.put(BP_SIMULATOR_MODE.property(), "stream");
        try (RunningApp simulator = RunningApp.start(settings)) {
            assertThat(simulator.context().getRoute("board-api")).isNull();
            assertThatThrownBy(() -> BoardHttp.get("http://127.0.0.1:" + port + "/"))
                    .hasCauseInstanceOf(java.net.ConnectException.class);
        }
    }
}
