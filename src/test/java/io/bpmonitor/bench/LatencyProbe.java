package io.bpmonitor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * End-to-end latency at a steady offered rate: each reading is sent at its scheduled time, and a poller records when
 * its anomaly document first shows up in a search. Latency = searchable time − the producer's send time; the
 * poller's period (100 ms) makes the figures slightly pessimistic.
 */
final class LatencyProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 100;

    record Result(int sent, long anomalies, int measured, double p50Millis, double p95Millis, double p99Millis, double maxMillis) {
    }

    private LatencyProbe() {
    }

    static Result run(KafkaProducer<String, byte[]> producer, String topic, String elasticsearchUrl, String index,
                      List<ReadingCorpus.Reading> readings, int ratePerSecond) throws Exception {
        Map<String, Long> sentAtNanos = new ConcurrentHashMap<>();
        Map<String, Long> searchableAtNanos = new HashMap<>();
        long anomalies = ReadingCorpus.anomalies(readings);
        HttpClient http = HttpClient.newHttpClient();

        Thread sender = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < readings.size(); i++) {
                long due = start + (long) (i * 1e9 / ratePerSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    // parking, not spinning: a spinning sender would take one of the machine's two cores
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                ReadingCorpus.Reading reading = readings.get(i);
                if (reading.isAnomaly()) {
                    sentAtNanos.put(reading.id(), System.nanoTime());
                }
                producer.send(new ProducerRecord<>(topic, reading.patientId(), reading.json()));
            }
        }, "latency-sender");
        sender.start();

        long deadline = System.nanoTime() + (long) ((readings.size() / (double) ratePerSecond + 30) * 1e9);
        while (searchableAtNanos.size() < anomalies && System.nanoTime() < deadline) {
            long pollStart = System.nanoTime();
            for (String id : searchRecentIds(http, elasticsearchUrl, index)) {
                // documents of earlier streams (a warm-up) are not this measurement's
                if (sentAtNanos.containsKey(id)) {
                    searchableAtNanos.putIfAbsent(id, pollStart);
                }
            }
            long elapsedMillis = (System.nanoTime() - pollStart) / 1_000_000;
            if (elapsedMillis < POLL_MILLIS) {
                Thread.sleep(POLL_MILLIS - elapsedMillis); // the poller's own period, not a synchronisation
            }
        }
        sender.join();

        List<Double> latencies = new ArrayList<>();
        searchableAtNanos.forEach((id, searchable) -> {
            Long sent = sentAtNanos.get(id);
            if (sent != null) {
                latencies.add(Math.max(0, (searchable - sent) / 1e6));
            }
        });
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(readings.size(), anomalies, sorted.length, percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
    }

    /** Ids of the documents indexed in the last few seconds (overlapping windows; the caller keeps the first sighting). */
    private static List<String> searchRecentIds(HttpClient http, String url, String index) throws Exception {
        String query = "{\"size\":10000,\"_source\":false,"
                + "\"query\":{\"range\":{\"ingested_at\":{\"gte\":\"now-3s\"}}}}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/" + index + "/_search"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(query)).build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> ids = new ArrayList<>();
        if (response.statusCode() == 200) {
            for (JsonNode hit : JSON.readTree(response.body()).path("hits").path("hits")) {
                ids.add(hit.path("_id").asText());
            }
        }
        return ids;
    }

    static double percentile(double[] sorted, int percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    static String describe(Result result) {
        return String.format("p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms (%d of %d anomalies measured)",
                result.p50Millis(), result.p95Millis(), result.p99Millis(), result.maxMillis(),
                result.measured(), result.anomalies());
    }
}
