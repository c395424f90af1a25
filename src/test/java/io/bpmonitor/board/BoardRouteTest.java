package io.bpmonitor.board;

import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_URL;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.bpmonitor.testing.RouteTestSupport;
import io.bpmonitor.testing.SettingMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.main.MainConfigurationProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The board's routes with the HTTP server stood in by direct endpoints: the page, its files (and nothing else), and
 * the API, which answers 503 in JSON when Elasticsearch cannot be reached.
 */
class BoardRouteTest extends RouteTestSupport {

    @Override
    protected String routesFile() {
        return null;
    }

    @Override
    protected Map<String, String> settings() {
        // nothing listens on the discard port: the API must answer for an unreachable Elasticsearch
        return SettingMap.of(BP_ROUTES, "detector", ELASTICSEARCH_URL, "http://127.0.0.1:9");
    }

    @Override
    protected void configureMore(MainConfigurationProperties configuration) {
        configuration.addConfiguration(BoardConfiguration.class);
        configuration.addRoutesBuilder(new BoardRoutes());
    }

    @BeforeEach
    void directInsteadOfHttp() throws Exception {
        for (String route : new String[] {"board-page", "board-assets", "board-api", "board-alerts-api"}) {
            consumeFrom(route, route);
        }
        context.start();
    }

    private Message get(String route, Map<String, Object> headers) {
        Exchange exchange = template.request("direct:" + route,
                request -> request.getMessage().setHeaders(new java.util.HashMap<>(headers)));
        return exchange.getMessage();
    }

    @Test
    void thePageAndItsFilesAreServedAndNothingElse() {
        Message page = get("board-page", Map.of());
        assertThat(page.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(new String(page.getBody(byte[].class), StandardCharsets.UTF_8)).contains("/assets/echarts.min.js");
        assertThat(page.getHeader("Content-Security-Policy", String.class)).contains("default-src 'self'");

        Message script = get("board-assets", Map.of("file", "board.js"));
        assertThat(script.getHeader(Exchange.CONTENT_TYPE, String.class)).startsWith("text/javascript");
        assertThat(get("board-assets", Map.of("file", "echarts.min.js")).getBody(byte[].class)).hasSizeGreaterThan(100_000);
        assertThat(get("board-assets", Map.of("file", "../application.properties")).getHeader(Exchange.HTTP_RESPONSE_CODE))
                .isEqualTo(404);
    }

    @Test
    void theApiSaysInJsonWhenElasticsearchCannotAnswer() {
        Message answer = get("board-api", Map.of(Exchange.HTTP_QUERY, "window=15m"));

        assertThat(answer.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(answer.getBody(String.class)).contains("\"error\":\"elasticsearch_unavailable\"").doesNotContain("at org.").doesNotContain("at io.");
        assertThat(get("board-api", Map.of(Exchange.HTTP_QUERY, "window=2d")).getHeader(Exchange.HTTP_RESPONSE_CODE))
                .isEqualTo(400);
    }

    @Test
    void theOpenAlertsSayInJsonWhenElasticsearchCannotAnswer() {
        Message answer = get("board-alerts-api", Map.of());

        assertThat(answer.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(answer.getHeader(Exchange.CONTENT_TYPE, String.class)).startsWith("application/json");
        assertThat(answer.getBody(String.class)).contains("\"error\":\"elasticsearch_unavailable\"").doesNotContain("at org.");
    }
}
