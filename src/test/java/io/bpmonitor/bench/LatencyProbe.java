package io.bpmonitor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * End-to-end latency at a steady offered rate: each reading is sent at its scheduled time, and for each of the timed
 * readings, each {@link Sighting} records when it first shows the reading's outcome (its anomaly document, its
 * alert, ...). Latency = the moment a look first returned it − the producer's send time; a searching sighting's
 * period (100 ms) makes its figures slightly pessimistic.
 */
final class LatencyProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final long POLL_MILLIS = 100;

    record Result(int sent, long timed, int measured, double p50Millis, double p95Millis, double p99Millis, double maxMillis) {
    }

    /**
     * Where the outcome of a timed reading shows up. Looked at over and over on a thread of its own until every timed
     * reading was seen there; keeps its own pace (a look may wait, e.g. a Kafka poll).
     */
    interface Sighting {
        /**
         * @param pending the Observation ids of the timed readings sent and not seen here yet
         * @return Observation ids whose outcome is visible now (others than the pending ones are ignored)
         */
        Collection<String> look(Set<String> pending) throws Exception;
    }

    private LatencyProbe() {
    }

    /** Produce → searchable of each anomaly in {@code index} (its document's {@code _id} is the Observation id). */
    static Result run(KafkaProducer<String, byte[]> producer, String topic, String elasticsearchUrl, String index,
                      List<ReadingCorpus.Reading> readings, int ratePerSecond) throws Exception {
        return run(producer, topic, readings, ratePerSecond, ReadingCorpus.Reading::isAnomaly,
                Map.of("searchable", recentlyIndexed(elasticsearchUrl, index))).get("searchable");
    }

    /** The latency of the {@code timed} readings to each sighting, by the sighting's name. */
    static Map<String, Result> run(KafkaProducer<String, byte[]> producer, String topic,
                                   List<ReadingCorpus.Reading> readings, int ratePerSecond,
                                   Predicate<ReadingCorpus.Reading> timed, Map<String, Sighting> sightings)
            throws Exception {
        Map<String, Long> sentAtNanos = new ConcurrentHashMap<>();
        Map<String, Set<String>> pending = new LinkedHashMap<>();
        Map<String, Map<String, Long>> seenAtNanos = new LinkedHashMap<>();
        sightings.keySet().forEach(name -> {
            pending.put(name, ConcurrentHashMap.newKeySet());
            seenAtNanos.put(name, new ConcurrentHashMap<>());
        });
        long timedCount = readings.stream().filter(timed).count();

        Thread sender = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < readings.size(); i++) {
                long due = start + (long) (i * 1e9 / ratePerSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    // parking, not spinning: a spinning sender would take one of the machine's two cores
                    LockSupport.parkNanos(wait);
                }
                ReadingCorpus.Reading reading = readings.get(i);
                if (timed.test(reading)) {
                    sentAtNanos.put(reading.id(), System.nanoTime());
                    pending.values().forEach(ids -> ids.add(reading.id()));
                }
                producer.send(new ProducerRecord<>(topic, reading.patientId(), reading.json()));
            }
        }, "latency-sender");
        long deadline = System.nanoTime() + (long) ((readings.size() / (double) ratePerSecond + 30) * 1e9);
        List<Thread> lookers = new ArrayList<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        sightings.forEach((name, sighting) -> lookers.add(new Thread(() -> {
            Set<String> waiting = pending.get(name);
            Map<String, Long> seen = seenAtNanos.get(name);
            try {
                while (seen.size() < timedCount && System.nanoTime() < deadline) {
                    Collection<String> visible = sighting.look(waiting);
                    long now = System.nanoTime();
                    for (String id : visible) {
                        // outcomes of earlier streams (a warm-up), or seen already, are not this measurement's
                        if (waiting.remove(id)) {
                            seen.put(id, now);
                        }
                    }
                }
            } catch (Exception e) {
                failures.add(e);
            }
        }, "latency-" + name)));
        sender.start();
        lookers.forEach(Thread::start);
        sender.join();
        for (Thread looker : lookers) {
            looker.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }

        Map<String, Result> results = new LinkedHashMap<>();
        long firstSent = sentAtNanos.values().stream().mapToLong(Long::longValue).min().orElse(0);
        seenAtNanos.forEach((name, seen) -> {
            // the worst latency of each 5 s of the stream: a tail that grows is a backlog, one that comes and goes a stall
            Map<Long, Double> worstBySpan = new java.util.TreeMap<>();
            seen.forEach((id, at) -> worstBySpan.merge((sentAtNanos.get(id) - firstSent) / 5_000_000_000L,
                    (at - sentAtNanos.get(id)) / 1e6, Math::max));
            StringBuilder timeline = new StringBuilder("  " + name + ", worst of each 5 s (ms):");
            worstBySpan.values().forEach(worst -> timeline.append(' ').append(Math.round(worst)));
            System.out.println(timeline);
            double[] sorted = seen.entrySet().stream()
                    .mapToDouble(entry -> Math.max(0, (entry.getValue() - sentAtNanos.get(entry.getKey())) / 1e6))
                    .sorted().toArray();
            results.put(name, new Result(readings.size(), timedCount, sorted.length, percentile(sorted, 50),
                    percentile(sorted, 95), percentile(sorted, 99),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]));
        });
        return results;
    }

    /** The anomaly documents indexed in the last few seconds (overlapping windows; the probe keeps the first sighting). */
    private static Sighting recentlyIndexed(String url, String index) {
        String query = "{\"size\":10000,\"_source\":false,"
                + "\"query\":{\"range\":{\"ingested_at\":{\"gte\":\"now-3s\"}}}}";
        return searches(url, index, pending -> query, hit -> List.of(hit.path("_id").asText()));
    }

    /**
     * A sighting that searches {@code index} once every {@link #POLL_MILLIS}: the query made from the pending ids, the
     * Observation ids read from each hit.
     */
    static Sighting searches(String url, String index, Function<Set<String>, String> query,
                             Function<JsonNode, Collection<String>> idsOfHit) {
        HttpClient http = HttpClient.newHttpClient();
        return new Sighting() {
            private long lastStart;

            @Override
            public Collection<String> look(Set<String> pending) throws Exception {
                long sinceLast = (System.nanoTime() - lastStart) / 1_000_000;
                if (sinceLast < POLL_MILLIS) {
                    Thread.sleep(POLL_MILLIS - sinceLast); // the poller's own period, not a synchronisation
                }
                lastStart = System.nanoTime();
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(url + "/" + index + "/_search"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(query.apply(pending))).build(),
                        HttpResponse.BodyHandlers.ofString());
                List<String> ids = new ArrayList<>();
                if (response.statusCode() == 200) {
                    for (JsonNode hit : JSON.readTree(response.body()).path("hits").path("hits")) {
                        ids.addAll(idsOfHit.apply(hit));
                    }
                }
                return ids;
            }
        };
    }

    static double percentile(double[] sorted, int percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    static String describe(Result result) {
        return String.format("p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms (%d of %d timed readings measured)",
                result.p50Millis(), result.p95Millis(), result.p99Millis(), result.maxMillis(),
                result.measured(), result.timed());
    }
}
