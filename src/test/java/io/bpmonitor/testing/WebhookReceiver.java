package io.bpmonitor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's) standing in for a pager's webhook: it answers the statuses it was told,
 * in order, then {@code thereafter}, and keeps every request it got.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received: its method, path, the headers that matter here and the body. */
    public record Received(String method, String path, String idempotencyKey, String contentType,
                           Map<String, List<String>> headers, byte[] body) {
    }

    private final HttpServer server;
    private final Deque<Integer> answers = new ArrayDeque<>();
    private final List<Received> received = new ArrayList<>();
    private int thereafter = 200;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int status;
            synchronized (this) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        Map.copyOf(exchange.getRequestHeaders()), body));
                status = answers.isEmpty() ? thereafter : answers.poll();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** Answers these statuses to the next requests, in order. */
    public synchronized WebhookReceiver answer(int... statuses) {
        for (int status : statuses) {
            answers.add(status);
        }
        return this;
    }

    /** What it answers once the scripted statuses are used up (200 unless told). */
    public synchronized WebhookReceiver thereafter(int status) {
        thereafter = status;
        return this;
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
