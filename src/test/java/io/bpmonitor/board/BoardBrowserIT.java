package io.bpmonitor.board;

import static io.bpmonitor.config.Setting.BP_ALERTS_ENABLED;
import static io.bpmonitor.config.Setting.BP_ALERT_INDEX;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_OIDC_CLIENT_ID;
import static io.bpmonitor.config.Setting.BP_OIDC_CLIENT_SECRET;
import static io.bpmonitor.config.Setting.BP_OIDC_ISSUER;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_MODE;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_RATE;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_SEED;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.board.KnownAnomalies.Doc;
import io.bpmonitor.board.KnownAnomalies.Row;
import io.bpmonitor.elasticsearch.IndexInitializer;
import io.bpmonitor.testing.ChromiumPage;
import io.bpmonitor.testing.ContractAlerts;
import io.bpmonitor.testing.HeadlessChromium;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import io.bpmonitor.testing.TestOidcProvider;
import io.bpmonitor.testing.TestUsers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The board in real headless Chromium (Debian's {@code chromium}), signed in as the tests' viewer: the page loads
 * offline from the app, its scripts fetch the API and draw the four views, and the numbers they show are the right
 * ones. Skipped, with the reason printed, only where no Chromium is installed ({@code .ci/run} installs it).
 */
class BoardBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DRAWN = Duration.ofSeconds(30);

    private static HeadlessChromium chromium;

    @BeforeAll
    static void findChromium() {
        Optional<HeadlessChromium> found = HeadlessChromium.find();
        if (found.isEmpty()) {
            String reason = "BoardBrowserIT skipped: no chromium, chromium-browser or google-chrome on PATH (nor BP_CHROMIUM);"
                    + " install Debian's chromium (apt-get install -y chromium), as .ci/run does";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        chromium = found.get();
        System.out.println("BoardBrowserIT uses " + chromium.binary());
    }

    @Test
    void showsTheFourViewsOfKnownAnomalies() throws Exception {
        Map<String, String> settings = BoardApps.isolatedSettings();
        String index = settings.get(BP_INDEX.property());
        int port = BoardApps.boardPort(settings);
        String mapping = new String(IndexInitializer.class.getResourceAsStream(IndexInitializer.INDEX_DEFINITION)
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(SharedStack.es().put("/" + index, mapping).ok()).isTrue();
        try (RunningApp app = RunningApp.start(settings)) {
            Instant now = Instant.now();
            KnownAnomalies ward = KnownAnomalies.ward(now);
            ward.indexInto(index);
            String board = "http://127.0.0.1:" + port + "/";

            BoardDom dom = new BoardDom(drawn(board, "", "1280,1000", 1));
            List<Doc> expected = ward.in(now.minus(Duration.ofMinutes(15)), now);
            assertThat(dom.body("data-state")).as("the page rendered a summary").isEqualTo("ok");
            assertThat(dom.body("data-window")).isEqualTo("15m");
            assertThat(dom.body("data-anomalies")).isEqualTo(String.valueOf(expected.size()));

            // gauges: the peak and the average, as drawn by ECharts and written next to the chart
            assertThat(dom.gauge("systolic-max")).isEqualTo(String.valueOf(KnownAnomalies.maxSystolic(expected)));
            assertThat(dom.gaugeText("systolic-max")).isEqualTo("190");
            assertThat(dom.gauge("diastolic-max")).isEqualTo(String.valueOf(KnownAnomalies.maxDiastolic(expected)));
            assertThat(dom.gaugeText("systolic-avg"))
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f", KnownAnomalies.avgSystolic(expected)));
            assertThat(dom.hasCanvas("gauge-systolic-max", "</figure>")).isTrue();

            // trend: every bucket of the window, peaks as in the data, drawn
            assertThat(Integer.parseInt(dom.trend("data-points"))).isBetween(30, 31);
            assertThat(dom.trend("data-systolic-max")).isEqualTo("190");
            assertThat(dom.trend("data-diastolic-max")).isEqualTo("115");
            assertThat(dom.hasCanvas("trend-chart", "</section>")).isTrue();

            // kinds: counts and human-readable labels
            KnownAnomalies.kinds(expected).forEach((type, count) ->
                    assertThat(dom.kindCount(type)).as(type).isEqualTo(String.valueOf(count)));
            assertThat(dom.kindText("isolated_systolic")).startsWith("Isolated systolic: ");
            assertThat(dom.hasCanvas("kinds-chart", "</section>")).isTrue();

            // triage table: five rows, most critical first
            assertThat(dom.rows()).extracting(BoardDom.Row::patientId)
                    .containsExactlyElementsOf(KnownAnomalies.top5(expected).stream().map(Row::patientId).toList());
            assertThat(dom.rows()).extracting(BoardDom.Row::rank).containsExactly(1, 2, 3, 4, 5);
            assertThat(dom.raw()).contains("190/100").contains("Grade 3 (severe)");

            // the window selector: one hour brings in the patient from half an hour ago
            BoardDom hour = new BoardDom(drawn(board, "?window=1h", "768,1024", 1));
            assertThat(hour.body("data-window")).isEqualTo("1h");
            assertThat(hour.rows().get(0).patientId()).isEqualTo("patient-h");
            assertThat(hour.gauge("systolic-max")).isEqualTo("200");

            screenshots(board);
        } finally {
            SharedStack.deleteIndex(index);
        }
    }

    @Test
    void showsTheAlertsThatNeedAClinicianCrisesFirst() throws Exception {
        Map<String, String> settings = BoardApps.isolatedSettings();
        String alertIndex = "bp_alerts_" + settings.get(BP_INDEX.property()).substring("bp_anomalies_".length());
        settings.put(BP_ALERT_INDEX.property(), alertIndex);
        // the board alone: an alert engine would take these alerts over and close the old ones by its clock
        settings.put(BP_ALERTS_ENABLED.property(), "false");
        int port = BoardApps.boardPort(settings);
        String mapping = new String(BoardBrowserIT.class.getResourceAsStream("/elasticsearch/bp_alerts-index.json")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(SharedStack.es().put("/" + alertIndex, mapping).ok()).isTrue();
        try {
            List<com.fasterxml.jackson.databind.node.ObjectNode> alerts = List.of(
                    ContractAlerts.open("c0000000000000a1", "patient-s", "sustained", "2026-11-29T17:00:00Z", 158, 97,
                            List.of("o-1", "o-2", "o-3")),
                    ContractAlerts.open("c0000000000000a2", "patient-c", "crisis", "2026-11-29T18:30:00Z", 204, 126,
                            List.of("o-4")),
                    ContractAlerts.resolved(ContractAlerts.open("c0000000000000a3", "patient-r", "crisis",
                            "2026-11-29T18:45:00Z", 190, 121, List.of("o-5")), "2026-11-29T19:50:00Z", "quiet"));
            for (com.fasterxml.jackson.databind.node.ObjectNode alert : alerts) {
                assertThat(SharedStack.es().put("/" + alertIndex + "/_doc/" + alert.path("alert_id").asText()
                        + "?refresh=true", alert.toString()).ok()).isTrue();
            }
            try (RunningApp app = RunningApp.start(settings)) {
                String dom = drawn("http://127.0.0.1:" + port + "/", "", "1280,1000", 1);

                assertThat(dom).contains("data-open=\"2\"").contains("3 to review · 2 open");
                java.util.regex.Matcher rows = java.util.regex.Pattern.compile(
                        "<tr[^>]*data-alert-id=\"([^\"]+)\"[^>]*data-patient-id=\"([^\"]+)\"[^>]*data-kind=\"([^\"]+)\"")
                        .matcher(dom);
                List<String> shown = new java.util.ArrayList<>();
                while (rows.find()) {
                    shown.add(rows.group(1) + " " + rows.group(2) + " " + rows.group(3));
                }
                assertThat(shown).as("crises first, then the longest waiting")
                        .containsExactly("c0000000000000a2 patient-c crisis", "c0000000000000a3 patient-r crisis",
                                "c0000000000000a1 patient-s sustained");
                assertThat(dom).contains("Hypertensive crisis (ended, unreviewed)");
                assertThat(dom).as("a viewer is offered no action").doesNotContain("data-action=");
                assertThat(dom).contains("Hypertensive crisis").contains("204/126").contains("158/97");
            }
        } finally {
            SharedStack.deleteIndex(alertIndex);
        }
    }

    @Test
    void fillsUpWhileReadingsFlow() throws Exception {
        Map<String, String> settings = BoardApps.isolatedSettings();
        int port = BoardApps.boardPort(settings);
        settings.put(BP_ROUTES.property(), "simulator,detector");
        settings.put(BP_SIMULATOR_RATE.property(), "100");
        settings.put(BP_SIMULATOR_MODE.property(), "stream");
        settings.put(BP_SIMULATOR_SEED.property(), "11");
        String board = "http://127.0.0.1:" + port;
        try (RunningApp app = RunningApp.start(settings)) {
            Poll.until(Duration.ofSeconds(60), () -> summary(board).path("patients").size() == 5,
                    "five patients with anomalies on the board");
            // within the first 15 minutes nothing leaves the window, so the peak only grows: bracket the page's view
            int before = summary(board).at("/gauges/systolic/max").asInt();
            BoardDom dom = new BoardDom(drawn(board, "/?window=5m", "1280,1000", 2));
            int after = summary(board).at("/gauges/systolic/max").asInt();

            assertThat(dom.body("data-state")).isEqualTo("ok");
            assertThat(Integer.parseInt(dom.body("data-refreshes"))).as("the page refreshed by itself").isGreaterThanOrEqualTo(2);
            assertThat(Integer.parseInt(dom.gauge("systolic-max"))).isBetween(before, after);
            assertThat(Long.parseLong(dom.body("data-anomalies"))).isPositive();
            List<BoardDom.Row> rows = dom.rows();
            assertThat(rows).hasSize(5);
            for (int i = 1; i < rows.size(); i++) {
                assertThat(rows.get(i).maxSeverity()).as("row %d is not more critical than row %d", i + 1, i)
                        .isLessThanOrEqualTo(rows.get(i - 1).maxSeverity());
            }
            assertThat(dom.trend("data-points-with-data")).isNotEqualTo("0");
        }
    }

    @Test
    void aClinicianSignsInThroughTheOrganisationsProviderAndSystemsUseItsAccessTokens() throws Exception {
        try (TestOidcProvider provider = TestOidcProvider.start()) {
            Map<String, String> settings = BoardApps.isolatedSettings();
            settings.put(BP_OIDC_ISSUER.property(), provider.issuer());
            settings.put(BP_OIDC_CLIENT_ID.property(), TestOidcProvider.CLIENT_ID);
            settings.put(BP_OIDC_CLIENT_SECRET.property(), TestOidcProvider.CLIENT_SECRET);
            String board = "http://127.0.0.1:" + BoardApps.boardPort(settings);
            provider.signsInAs("dr.oidc", List.of("clinician"));
            try (RunningApp app = RunningApp.start(settings); ChromiumPage page = chromium.open("1280,1000")) {
                page.navigate(board + "/");
                page.await("location.pathname === '/signin' && document.getElementById('signin-oidc') !== null"
                        + " && !document.getElementById('signin-oidc').hidden", "the provider offered",
                        Duration.ofSeconds(30));
                page.evaluate("document.getElementById('signin-oidc-link').click(); true");
                awaitDrawn(page, 1);
                assertThat(page.evaluate("location.pathname").asText()).isEqualTo("/");
                assertThat(page.evaluate("document.getElementById('who-name').textContent").asText())
                        .isEqualTo("dr.oidc · clinician");

                String token = provider.accessToken("lab-system", List.of("viewer"), TestOidcProvider.CLIENT_ID,
                        Duration.ofMinutes(5), false);
                assertThat(bearer(board, token).status()).as("the provider's access token").isEqualTo(200);
                assertThat(bearer(board, provider.accessToken("lab-system", List.of("viewer"),
                        TestOidcProvider.CLIENT_ID, Duration.ofMinutes(5), true)).status()).as("another key")
                        .isEqualTo(401);
                assertThat(bearer(board, provider.accessToken("lab-system", List.of("viewer"),
                        TestOidcProvider.CLIENT_ID, Duration.ofMinutes(-5), false)).status()).as("expired")
                        .isEqualTo(401);
                assertThat(bearer(board, provider.accessToken("lab-system", List.of("viewer"), "another-app",
                        Duration.ofMinutes(5), false)).status()).as("another audience").isEqualTo(401);
            }
        }
    }

    private static BoardHttp.Response bearer(String board, String token) {
        return BoardHttp.withAuthorization(board + "/api/alerts", "Bearer " + token);
    }

    private static JsonNode summary(String board) throws Exception {
        BoardHttp.Response response = BoardHttp.get(board + "/api/summary?window=5m");
        assertThat(response.status()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /**
     * The board's DOM as the viewer's browser shows it: signed in, at {@code path}, once the page drew the summary
     * {@code refreshes} times (every 5 s).
     */
    private static String drawn(String board, String path, String windowSize, int refreshes) throws Exception {
        String base = board.endsWith("/") ? board.substring(0, board.length() - 1) : board;
        try (ChromiumPage page = chromium.open(windowSize)) {
            page.signIn(base, TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);
            page.navigate(base + (path.isEmpty() ? "/" : path));
            awaitDrawn(page, refreshes);
            return page.dom();
        }
    }

    private static void awaitDrawn(ChromiumPage page, int refreshes) {
        page.await("document.body.dataset.state === 'ok' && Number(document.body.dataset.refreshes) >= " + refreshes,
                "the board drawn " + refreshes + " times", DRAWN);
    }

    /** Laptop and tablet screenshots in target/board-screenshots, for a person to look at. */
    private static void screenshots(String board) throws Exception {
        Path dir = Path.of("target", "board-screenshots");
        Files.createDirectories(dir);
        String base = board.endsWith("/") ? board.substring(0, board.length() - 1) : board;
        for (String[] shot : new String[][] {{"1366,1100", "laptop.png"}, {"768,1800", "tablet.png"}}) {
            try (ChromiumPage page = chromium.open(shot[0])) {
                page.signIn(base, TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);
                awaitDrawn(page, 1);
                page.screenshot(dir.resolve(shot[1]));
            }
        }
    }
}
