package io.bpmonitor.board;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.http.client.config.RequestConfig;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One search of the board on one index, through the application's own low-level client (the
 * {@code elasticsearchRestClient} bean), so the board uses the same URLs and credentials as the indexer. Each request
 * has short timeouts of its own: a board that cannot get an answer says so within seconds (HTTP 503).
 */
final class BoardSearch {

    private static final Logger LOG = LoggerFactory.getLogger(BoardSearch.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int SOCKET_TIMEOUT_MS = 10_000;

    private final Supplier<RestClient> client;
    private final String index;
    private final RequestOptions options;
    private final AtomicBoolean failing = new AtomicBoolean(false);

    /** @param client looked up on first use, so the lazy client bean is only built when the board is asked */
    BoardSearch(Supplier<RestClient> client, String index) {
        this.client = client;
        this.index = index;
        this.options = RequestOptions.DEFAULT.toBuilder()
                .setRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(CONNECT_TIMEOUT_MS)
                        .setConnectionRequestTimeout(CONNECT_TIMEOUT_MS)
                        .setSocketTimeout(SOCKET_TIMEOUT_MS)
                        .build())
                .build();
    }

    /** @throws BoardUnavailableException when Elasticsearch is unreachable or answers with an error */
    JsonNode search(ObjectNode body) {
        Request request = new Request("POST", "/" + URLEncoder.encode(index, StandardCharsets.UTF_8) + "/_search");
        // an index nobody has written yet is an empty ward, not an error
        request.addParameter("ignore_unavailable", "true");
        request.addParameter("allow_no_indices", "true");
        request.setJsonEntity(body.toString());
        request.setOptions(options);
        try {
            Response response = client.get().performRequest(request);
            JsonNode answer;
            try (InputStream in = response.getEntity().getContent()) {
                answer = JSON.readTree(in);
            }
            if (failing.compareAndSet(true, false)) {
                LOG.info("Board: Elasticsearch answers again");
            }
            return answer;
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            throw unavailable("Elasticsearch answered the board's query with HTTP " + status, e);
        } catch (IOException | RuntimeException e) {
            throw unavailable("Elasticsearch is unreachable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * One document's source as Elasticsearch has it now (a get is real time: no refresh awaited), or null when there
     * is none.
     *
     * @throws BoardUnavailableException when Elasticsearch is unreachable or answers with an error
     */
    JsonNode document(String id) {
        Request request = new Request("GET", "/" + URLEncoder.encode(index, StandardCharsets.UTF_8) + "/_doc/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8));
        request.setOptions(options);
        try {
            Response response = client.get().performRequest(request);
            try (InputStream in = response.getEntity().getContent()) {
                return JSON.readTree(in).path("_source");
            }
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            if (status == 404) {
                return null;
            }
            throw unavailable("Elasticsearch answered the board's get with HTTP " + status, e);
        } catch (IOException | RuntimeException e) {
            throw unavailable("Elasticsearch is unreachable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Logs once per outage, not once per browser refresh. */
    private BoardUnavailableException unavailable(String message, Exception cause) {
        if (failing.compareAndSet(false, true)) {
            LOG.warn("Board: {}: {}", message, cause.getMessage() == null ? "" : firstLine(cause.getMessage()));
        }
        return new BoardUnavailableException(message, cause);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
