package io.bpmonitor.compose;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Elasticsearch and Kibana as the compose {@code setup} script sees them, on one loopback port: the cluster is
 * healthy, the index exists, and Kibana's status level and import answer are what the test chose. Every request is
 * recorded.
 */
final class StandInStack implements AutoCloseable {

    /** One request as the stand-in received it; header names in lower case. */
    record Request(String method, String path, String query, String authorization, String xsrf, String contentType,
                   String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final String kibanaLevel;
    private final int importStatus;
    private final String importAnswer;

    /** @param kibanaLevel the overall level {@code GET /api/status} reports: available, degraded, unavailable */
    StandInStack(String kibanaLevel, int importStatus, String importAnswer) throws IOException {
        this.kibanaLevel = kibanaLevel;
        this.importStatus = importStatus;
        this.importAnswer = importAnswer;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> imports() {
        return requests.stream().filter(r -> r.path().equals("/api/saved_objects/_import")).toList();
    }

    private void answer(HttpExchange exchange) throws IOException {
        Request request = new Request(
                exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("kbn-xsrf"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(request);
        int status = 200;
        String body = "{}";
        switch (request.method() + " " + request.path()) {
            case "GET /_cluster/health", "POST /_security/user/kibana_system/_password", "GET /bp_anomalies" -> { }
            case "GET /api/status" -> body = status();
            case "POST /api/saved_objects/_import" -> {
                status = importStatus;
                body = importAnswer;
            }
            default -> status = 404;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Kibana 9.x's answer to an authenticated caller, in the default (v8) format, trimmed. */
    private String status() {
        return "{\"name\":\"kibana\",\"version\":{\"number\":\"9.2.0\"},\"status\":{\"overall\":{\"level\":\""
                + kibanaLevel + "\",\"summary\":\"stand-in\"},\"core\":{},\"plugins\":{}}}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
