package io.bpmonitor.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits until Elasticsearch reports at least yellow health. GET / answers 405 on this distribution,
 * so the cluster health API is the readiness signal. Fails early if the process dies.
 */
final class HealthWait {

    private HealthWait() {
    }

    static void awaitYellow(String baseUrl, Process process, Duration timeout, Path log) {
        awaitYellow(baseUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), null, process, timeout, log);
    }

    /** @param authorization value of the Authorization header, or null for none */
    static void awaitYellow(String baseUrl, HttpClient client, String authorization, Process process, Duration timeout, Path log) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(5))
                .GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        Instant deadline = Instant.now().plus(timeout);
        String lastProblem = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw failure("Elasticsearch exited with status " + process.exitValue() + " while starting", log);
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastProblem = "HTTP " + response.statusCode();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Elasticsearch", e);
            }
            pause();
        }
        throw failure("Elasticsearch at " + baseUrl + " was not healthy (yellow) within " + timeout.toSeconds()
                + " s (last: " + lastProblem + ")", log);
    }

    private static IllegalStateException failure(String message, Path log) {
        return new IllegalStateException(message + "; last lines of " + log + ":\n" + LogTail.lastLines(log, 40));
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Elasticsearch", e);
        }
    }
}
