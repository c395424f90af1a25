package io.bpmonitor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.detector.AnomalyDocument;

/**
 * The ceiling: the same documents written with plain {@code _bulk} requests, no Camel, no Kafka. Batches of the
 * detector's size, as many requests in flight as the machine has cores.
 */
final class PlainBulkLoader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlainBulkLoader() {
    }

    /** @return documents per second */
    static double load(String elasticsearchUrl, String index, List<AnomalyDocument> documents, int batchSize)
            throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int start = 0; start < documents.size(); start += batchSize) {
            StringBuilder body = new StringBuilder();
            for (AnomalyDocument document : documents.subList(start, Math.min(documents.size(), start + batchSize))) {
                body.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"")
                        .append(document.observationId()).append("\"}}\n")
                        .append(JSON.writeValueAsString(document)).append('\n');
            }
            bodies.add(body.toString());
        }
        HttpClient http = HttpClient.newHttpClient();
        int parallel = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        long start = System.nanoTime();
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (String body : bodies) {
                sent.add(pool.submit(() -> {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create(elasticsearchUrl + "/_bulk"))
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200 || response.body().contains("\"errors\":true")) {
                        throw new IllegalStateException("bulk failed: " + response.statusCode());
                    }
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        return documents.size() / ((System.nanoTime() - start) / 1e9);
    }
}
