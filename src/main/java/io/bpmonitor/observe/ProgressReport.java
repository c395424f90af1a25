package io.bpmonitor.observe;

import java.util.function.LongSupplier;

/** The console's progress line: totals since start and rates since the previous line. */
public class ProgressReport {

    private final PipelineCounters counters;
    private final LongSupplier nanoClock;
    private long lastNanos;
    private long lastProduced;
    private long lastConsumed;
    private long lastIndexed;

    public ProgressReport(PipelineCounters counters, LongSupplier nanoClock) {
        this.counters = counters;
        this.nanoClock = nanoClock;
        this.lastNanos = nanoClock.getAsLong();
    }

    public synchronized String line() {
        long now = nanoClock.getAsLong();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        long produced = counters.produced();
        long consumed = counters.consumed();
        long indexed = counters.indexed();
        String line = String.format(
                "readings produced %d (%.0f/s), consumed %d (%.0f/s), anomalies indexed %d (%.0f/s), dead-lettered %d",
                produced, (produced - lastProduced) / seconds,
                consumed, (consumed - lastConsumed) / seconds,
                indexed, (indexed - lastIndexed) / seconds,
                counters.deadLettered());
        lastNanos = now;
        lastProduced = produced;
        lastConsumed = consumed;
        lastIndexed = indexed;
        return line;
    }
}
