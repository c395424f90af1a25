package io.bpmonitor.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.bpmonitor.board.BoardSummary.Thresholds;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API's HTTP mapping, against a stand-in Elasticsearch on a loopback port. */
class BoardApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-29T08:45:00Z");

    private final CamelContext camel = new DefaultCamelContext();
    private final AtomicInteger status = new AtomicInteger(200);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer elasticsearch;
    private RestClient client;
    private BoardApi api;

    @BeforeEach
    void standInElasticsearch() throws Exception {
        byte[] fixture;
        try (InputStream in = getClass().getResourceAsStream("/board/search-response.json")) {
            fixture = in.readAllBytes();
        }
        elasticsearch = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elasticsearch.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = status.get() == 200 ? fixture
                    : "{\"error\":{\"type\":\"security_exception\"},\"status\":401}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-elastic-product", "Elasticsearch");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        elasticsearch.start();
        client = RestClient.builder(new HttpHost("127.0.0.1", elasticsearch.getAddress().getPort(), "http")).build();
        api = new BoardApi(new SummaryService(() -> client, "bp_anomalies", new Thresholds(140, 90),
                Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        elasticsearch.stop(0);
    }

    @Test
    void answersTheSummaryAsJson() throws Exception {
        Exchange exchange = call("window=15m");
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class)).startsWith("application/json");
        assertThat(exchange.getMessage().getHeader("Cache-Control")).isEqualTo("no-store");
        JsonNode summary = body(exchange);
        assertThat(summary.path("window").asText()).isEqualTo("15m");
        assertThat(summary.path("from").asText()).isEqualTo("2026-11-29T08:30:00Z");
        assertThat(summary.path("to").asText()).isEqualTo("2026-11-29T08:45:00Z");
        assertThat(summary.at("/patients/0/patient_id").asText()).isEqualTo("patient-a");
        assertThat(requests).singleElement().asString()
                .startsWith("POST /bp_anomalies/_search?")
                .contains("ignore_unavailable=true")
                .contains("\"fixed_interval\":\"30s\"");
    }

    @Test
    void badWindowIs400WithoutAskingElasticsearch() throws Exception {
        Exchange exchange = call("window=2d");
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(400);
        JsonNode error = body(exchange);
        assertThat(error.path("error").asText()).isEqualTo("bad_request");
        assertThat(error.path("message").asText()).isEqualTo("Unknown window '2d': use one of 5m, 15m, 1h");
        assertThat(requests).isEmpty();
    }

    @Test
    void malformedQueryIs400() throws Exception {
        Exchange exchange = call("window=%zz");
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(400);
        assertThat(body(exchange).path("error").asText()).isEqualTo("bad_request");
    }

    @Test
    void onlyTheQueryStringPicksTheWindow() throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader("window", "2d");
        api.process(exchange);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(body(exchange).path("window").asText()).isEqualTo("15m");
    }

    @Test
    void elasticsearchErrorIs503WithoutDetails() throws Exception {
        status.set(401);
        Exchange exchange = call("window=5m");
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        JsonNode error = body(exchange);
        assertThat(error.path("error").asText()).isEqualTo("elasticsearch_unavailable");
        assertThat(error.path("message").asText()).contains("HTTP 401");
        assertThat(error.toString()).doesNotContain("security_exception").doesNotContain("Exception");
    }

    @Test
    void elasticsearchUnreachableIs503() throws Exception {
        elasticsearch.stop(0);
        Exchange exchange = call("window=1h");
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(body(exchange).path("message").asText()).startsWith("Elasticsearch is unreachable");
    }

    @Test
    void readsTheFirstValueOfAParameter() {
        assertThat(BoardApi.queryParameter("a=1&window=1h&window=5m", "window")).isEqualTo("1h");
        assertThat(BoardApi.queryParameter("window", "window")).isEmpty();
        assertThat(BoardApi.queryParameter("windows=5m", "window")).isNull();
        assertThat(BoardApi.queryParameter(null, "window")).isNull();
        assertThat(BoardApi.queryParameter("window=%31h", "window")).isEqualTo("1h");
    }

    private Exchange call(String query) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query);
        api.process(exchange);
        return exchange;
    }

    private static JsonNode body(Exchange exchange) throws Exception {
        return JSON.readTree(exchange.getMessage().getBody(byte[].class));
    }
}
