package io.bpmonitor.board;

import static io.bpmonitor.config.Setting.BP_INDEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.board.KnownAnomalies.Doc;
import io.bpmonitor.board.KnownAnomalies.Row;
import io.bpmonitor.elasticsearch.IndexInitializer;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code /api/summary} and the static files on a real Elasticsearch, from known documents indexed directly. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoardApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningApp app;
    private String board;
    private String index;
    private KnownAnomalies ward;

    @BeforeAll
    void startBoardOnKnownDocuments() throws Exception {
        Map<String, String> settings = BoardApps.isolatedSettings();
        index = settings.get(BP_INDEX.property());
        int port = BoardApps.boardPort(settings);
        board = "http://127.0.0.1:" + port;
        String mapping = new String(IndexInitializer.class.getResourceAsStream(IndexInitializer.INDEX_DEFINITION)
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(SharedStack.es().put("/" + index, mapping).ok()).isTrue();
        app = RunningApp.start(settings);
        ward = KnownAnomalies.ward(Instant.now());
        ward.indexInto(index);
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        SharedStack.deleteIndex(index);
    }

    @Test
    void fifteenMinutesAggregatesExactly() throws Exception {
        JsonNode summary = summary("15m");
        List<Doc> expected = ward.in(Instant.parse(summary.path("from").asText()),
                Instant.parse(summary.path("to").asText()));
        assertThat(expected).hasSize(10);

        assertThat(summary.path("window").asText()).isEqualTo("15m");
        assertThat(summary.path("anomalies").asLong()).isEqualTo(expected.size());
        assertThat(summary.at("/gauges/systolic/max").asInt()).isEqualTo(KnownAnomalies.maxSystolic(expected));
        assertThat(summary.at("/gauges/diastolic/max").asInt()).isEqualTo(KnownAnomalies.maxDiastolic(expected));
        assertThat(summary.at("/gauges/systolic/average").asDouble())
                .isCloseTo(KnownAnomalies.avgSystolic(expected), within(1e-9));
        assertThat(summary.at("/gauges/diastolic/average").asDouble())
                .isCloseTo(KnownAnomalies.avgDiastolic(expected), within(1e-9));
        assertThat(summary.at("/thresholds/systolic").asInt()).isEqualTo(140);
        assertThat(summary.at("/thresholds/diastolic").asInt()).isEqualTo(90);

        assertThat(kinds(summary)).isEqualTo(KnownAnomalies.kinds(expected));
        for (JsonNode kind : summary.path("kinds")) {
            assertThat(kind.path("label").asText()).isNotEqualTo(kind.path("type").asText()).isNotBlank();
        }

        assertTopFive(summary, KnownAnomalies.top5(expected));
        // the tie on 3.5 is broken by patient id; d's worst reading is not its latest
        assertThat(patientIds(summary)).containsExactly("patient-a", "patient-b", "patient-c", "patient-d", "patient-g");

        JsonNode trend = summary.path("trend");
        assertThat(trend.size()).isBetween(30, 31);
        long inBuckets = 0;
        int trendPeak = 0;
        for (JsonNode point : trend) {
            inBuckets += point.path("count").asLong();
            trendPeak = Math.max(trendPeak, point.path("systolic_max").asInt(0));
        }
        assertThat(inBuckets).isEqualTo(expected.size());
        assertThat(trendPeak).isEqualTo(KnownAnomalies.maxSystolic(expected));
    }

    @Test
    void theWindowChangesWhatIsCounted() throws Exception {
        JsonNode fiveMinutes = summary("5m");
        List<Doc> recent = ward.in(Instant.parse(fiveMinutes.path("from").asText()),
                Instant.parse(fiveMinutes.path("to").asText()));
        assertThat(recent).hasSize(6);
        assertThat(fiveMinutes.path("anomalies").asLong()).isEqualTo(recent.size());
        assertThat(fiveMinutes.at("/gauges/systolic/max").asInt()).isEqualTo(182);
        assertTopFive(fiveMinutes, KnownAnomalies.top5(recent));
        assertThat(patientIds(fiveMinutes)).containsExactly("patient-c", "patient-a", "patient-f", "patient-d", "patient-e");

        JsonNode hour = summary("1h");
        List<Doc> lastHour = ward.in(Instant.parse(hour.path("from").asText()), Instant.parse(hour.path("to").asText()));
        assertThat(lastHour).hasSize(12);
        assertThat(hour.path("anomalies").asLong()).isEqualTo(lastHour.size());
        assertThat(hour.at("/gauges/systolic/max").asInt()).isEqualTo(200);
        assertThat(hour.at("/gauges/diastolic/max").asInt()).isEqualTo(120);
        assertTopFive(hour, KnownAnomalies.top5(lastHour));
        assertThat(patientIds(hour).get(0)).isEqualTo("patient-h");
    }

    @Test
    void noWindowMeansFifteenMinutes() throws Exception {
        BoardHttp.Response response = BoardHttp.get(board + "/api/summary");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(JSON.readTree(response.body()).path("window").asText()).isEqualTo("15m");
    }

    @Test
    void aBadWindowIs400WithAMessage() throws Exception {
        for (String bad : List.of("7m", "15", "1d", "%27%3Cscript%3E", "")) {
            BoardHttp.Response response = BoardHttp.get(board + "/api/summary?window=" + bad);
            if (bad.isEmpty()) {
                assertThat(response.status()).as("empty means default").isEqualTo(200);
                continue;
            }
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/json");
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.path("error").asText()).isEqualTo("bad_request");
            assertThat(error.path("message").asText()).contains("5m, 15m, 1h");
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void onlyGetIsAnswered() {
        assertThat(BoardHttp.post(board + "/api/summary?window=5m").status()).isEqualTo(405);
    }

    @Test
    void nothingButTheSignInPageAndItsFilesAnswersWithoutASignIn() {
        BoardHttp.Response page = BoardHttp.anonymous(board + "/");
        assertThat(page.status()).as("sent to sign in").isEqualTo(303);
        assertThat(BoardHttp.anonymous(board + "/api/summary?window=5m").status()).isEqualTo(401);
        assertThat(BoardHttp.anonymous(board + "/api/alerts").status()).isEqualTo(401);
        assertThat(BoardHttp.anonymous(board + "/api/session").status()).isEqualTo(401);
        BoardHttp.Response signIn = BoardHttp.anonymous(board + "/signin");
        assertThat(signIn.status()).isEqualTo(200);
        assertThat(signIn.body()).contains("<form id=\"signin-form\" method=\"post\" action=\"/signin\">")
                .doesNotContain("https://").doesNotContain("http://");
        assertThat(BoardHttp.anonymous(board + "/assets/board.css").status()).isEqualTo(200);
    }

    @Test
    void servesThePageAndItsFilesFromTheApp() {
        assertThat(BoardHttp.get(board + "/").status()).as("HTTP Basic is for systems: a browser signs in")
                .isEqualTo(303);
        BoardHttp.Response page = BoardHttp.withSession(board + "/", BoardHttp.signIn(board));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<script src=\"/assets/echarts.min.js\"></script>")
                .doesNotContain("https://").doesNotContain("http://");

        BoardHttp.Response echarts = BoardHttp.anonymous(board + "/assets/echarts.min.js");
        assertThat(echarts.status()).isEqualTo(200);
        assertThat(echarts.contentType()).startsWith("text/javascript");
        assertThat(echarts.body().length()).isGreaterThan(500_000);

        assertThat(BoardHttp.get(board + "/assets/board.js").body()).contains("/api/summary");
        assertThat(BoardHttp.get(board + "/assets/board.css").contentType()).startsWith("text/css");
        assertThat(BoardHttp.get(board + "/assets/application.properties").status()).isEqualTo(404);
        assertThat(BoardHttp.get(board + "/assets/..%2Fapplication.properties").status()).isEqualTo(404);
    }

    private JsonNode summary(String window) throws Exception {
        BoardHttp.Response response = BoardHttp.get(board + "/api/summary?window=" + window);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Map<String, Long> kinds(JsonNode summary) {
        Map<String, Long> kinds = new TreeMap<>();
        summary.path("kinds").forEach(k -> kinds.put(k.path("type").asText(), k.path("count").asLong()));
        return kinds;
    }

    private static List<String> patientIds(JsonNode summary) {
        List<String> ids = new ArrayList<>();
        summary.path("patients").forEach(p -> ids.add(p.path("patient_id").asText()));
        return ids;
    }

    private static void assertTopFive(JsonNode summary, List<Row> expected) {
        JsonNode patients = summary.path("patients");
        assertThat(patients.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Row row = expected.get(i);
            JsonNode patient = patients.get(i);
            assertThat(patient.path("rank").asInt()).isEqualTo(i + 1);
            assertThat(patient.path("patient_id").asText()).isEqualTo(row.patientId());
            assertThat(patient.path("max_severity").asDouble()).isEqualTo(row.maxSeverity());
            assertThat(patient.path("anomalies").asLong()).isEqualTo(row.anomalies());
            assertReading(patient.path("worst"), row.worst());
            assertReading(patient.path("latest"), row.latest());
        }
    }

    private static void assertReading(JsonNode reading, Doc doc) {
        assertThat(reading.path("systolic").asInt()).isEqualTo(doc.systolic());
        assertThat(reading.path("diastolic").asInt()).isEqualTo(doc.diastolic());
        assertThat(Instant.parse(reading.path("time").asText())).isEqualTo(doc.time());
        assertThat(reading.path("grade").asText()).isEqualTo(doc.grade());
        assertThat(reading.path("hypertension_type").asText()).isEqualTo(doc.type());
        assertThat(reading.path("grade_label").asText()).startsWith("Grade ");
    }
}
