package io.bpmonitor.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Clients that each send their next request once the last one is answered (the FHIR endpoint's, the MLLP door's):
 * what their answers' latencies, gathered, come to.
 */
final class ClosedLoop {

    /** Answers per second over the run, and their latencies' percentiles. */
    record Result(double perSecond, double p50Millis, double p99Millis, long count) {
    }

    private ClosedLoop() {
    }

    /** Waits for every client of {@code pool} (each returns its latencies in nanoseconds), then stops the pool. */
    static Result gather(ExecutorService pool, List<Future<List<Long>>> clients, Duration duration) throws Exception {
        List<Long> all = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (Future<List<Long>> client : clients) {
                all.addAll(client.get());
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] sorted = all.stream().mapToDouble(nanos -> nanos / 1e6).sorted().toArray();
        return new Result(all.size() / Math.max(seconds, duration.toMillis() / 1000.0),
                LatencyProbe.percentile(sorted, 50), LatencyProbe.percentile(sorted, 99), all.size());
    }
}
