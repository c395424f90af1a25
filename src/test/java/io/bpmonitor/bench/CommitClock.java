package io.bpmonitor.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Times a consumer group draining a preloaded topic from outside, by its committed offsets, the same way whatever the
 * consumer: from its first commit (a cold consumer's start-up and group join are not counted) until the last reading
 * is committed, which every consumer measured here does only once the reading's anomaly is indexed; and the steady part
 * after the first quarter, past the JIT compiling the consumer.
 */
final class CommitClock {

    private static final Duration FIRST_COMMIT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /**
     * The offsets are read every 50 ms, not with {@code Poll}'s backoff up to 500 ms: the plain consumer drains a
     * million readings in under 20 s, and half a second would be 3 % of it.
     */
    private static final long PERIOD_MILLIS = 50;

    private final KafkaBench kafka;
    private final String group;
    private final long readings;
    private final BooleanSupplier consumerAlive;
    private final long startNanos;
    private final long startCommitted;
    private long steadyNanos;
    private long steadyCommitted;
    private long endNanos;

    private CommitClock(KafkaBench kafka, String group, long readings, BooleanSupplier consumerAlive) throws Exception {
        this.kafka = kafka;
        this.group = group;
        this.readings = readings;
        this.consumerAlive = consumerAlive;
        await(1, FIRST_COMMIT_TIMEOUT, "the first commit");
        this.startNanos = System.nanoTime();
        this.startCommitted = kafka.committed(group);
    }

    /**
     * Waits for the group's first commit and starts there.
     *
     * @param consumerAlive false once the consumer stopped: the drain fails then, rather than at the timeout
     */
    static CommitClock atFirstCommit(KafkaBench kafka, String group, long readings, BooleanSupplier consumerAlive)
            throws Exception {
        return new CommitClock(kafka, group, readings, consumerAlive);
    }

    /** Waits until a quarter of the readings are committed: the steady part starts there. */
    void awaitSteady() throws Exception {
        await(readings / 4, TIMEOUT, "a quarter of the readings committed");
        steadyNanos = System.nanoTime();
        steadyCommitted = kafka.committed(group);
    }

    /** Waits until every reading is committed. */
    void awaitEnd() throws Exception {
        await(readings, TIMEOUT, "all readings committed");
        endNanos = System.nanoTime();
    }

    /** From the first commit to the last. */
    double readingsPerSecond() {
        return (readings - startCommitted) / ((endNanos - startNanos) / 1e9);
    }

    double steadyReadingsPerSecond() {
        return steadyReadings() / steadySeconds();
    }

    long steadyReadings() {
        return readings - steadyCommitted;
    }

    double steadySeconds() {
        return (endNanos - steadyNanos) / 1e9;
    }

    private void await(long count, Duration timeout, String description) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (kafka.committed(group) < count) {
            if (!consumerAlive.getAsBoolean()) {
                throw new IllegalStateException("the consumer of " + group + " stopped before " + description);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + description
                        + " (" + group + ")");
            }
            Thread.sleep(PERIOD_MILLIS);
        }
    }
}
