package io.bpmonitor.bench;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.bpmonitor.hl7.MllpClient;
import io.bpmonitor.hl7.Pcd01Samples;

/**
 * Bedside monitors on the MLLP door, each on a connection of its own and sending its next ORU^R01 as soon as the
 * last one's ACK came (as a monitor does), for a fixed time: messages answered per second and the ACKs' percentiles.
 * Every answer must be AA for its own message, or the run fails.
 */
final class MllpLoad {

    private MllpLoad() {
    }

    /** Whether the listener answers AA now (false while it is not listening yet). */
    static boolean accepted(int port) {
        try (MllpClient monitor = MllpClient.connect(port)) {
            return monitor.send(Pcd01Samples.nibp("READY", "BENCH-READY", 120, 80)).contains("MSA|AA|READY");
        } catch (UncheckedIOException notListening) {
            return false;
        }
    }

    static ClosedLoop.Result run(int port, int connections, Duration duration, String run) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long end = System.nanoTime() + duration.toNanos();
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            String monitorId = run + "-" + c;
            results.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                try (MllpClient monitor = MllpClient.connect(port)) {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        String controlId = monitorId + "-" + i;
                        String message = Pcd01Samples.nibp(controlId, "BENCH-" + (i % 500), 110 + i % 80, 60 + i % 50);
                        long start = System.nanoTime();
                        String ack = monitor.send(message);
                        latencies.add(System.nanoTime() - start);
                        if (ack == null || !ack.contains("MSA|AA|" + controlId + "\r")) {
                            throw new IllegalStateException("no AA for " + controlId);
                        }
                    }
                }
                return latencies;
            }));
        }
        return ClosedLoop.gather(pool, results, duration);
    }
}
