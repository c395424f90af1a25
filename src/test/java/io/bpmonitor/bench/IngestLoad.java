package io.bpmonitor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Clients of the FHIR endpoint, each on its own keep-alive HTTP/1.1 connection, posting as fast as the answers come
 * for a fixed time: requests answered per second and the answers' percentiles. Every answer must be the expected
 * status, and every entry of a Bundle created, or the run fails.
 */
final class IngestLoad {

    private IngestLoad() {
    }

    /** Whether the endpoint takes one reading now (false while it is not listening yet). */
    static boolean accepted(String url, String token, byte[] body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 201;
        } catch (java.io.IOException notListening) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static ClosedLoop.Result run(String url, String token, List<byte[]> bodies, int clients, int expectedStatus, Duration duration)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + duration.toNanos();
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int first = c;
            results.add(pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                List<Long> latencies = new ArrayList<>();
                for (int i = first; System.nanoTime() < end; i += clients) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i % bodies.size()))).build();
                    long start = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies.add(System.nanoTime() - start);
                    // a batch answers 200 whatever its entries' fate: every entry must have been created too
                    if (response.statusCode() != expectedStatus || response.body().contains("\"status\":\"4")
                            || response.body().contains("\"status\":\"5")) {
                        throw new IllegalStateException("answer " + response.statusCode() + ", expected " + expectedStatus);
                    }
                }
                return latencies;
            }));
        }
        return ClosedLoop.gather(pool, results, duration);
    }
}
