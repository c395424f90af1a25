package io.bpmonitor.simulation;

import java.util.function.LongSupplier;

/**
 * Tells the simulator how many readings are due at each timer tick so that, over time, exactly {@code rate} readings
 * per second are produced whatever the tick period. After a stall it catches up by at most one second's worth, so a
 * paused JVM does not flood the broker.
 */
public final class SimulatorPacer {

    private final double ratePerSecond;
    private final LongSupplier nanoClock;
    private long startNanos = -1;
    private long emitted;

    public SimulatorPacer(double ratePerSecond, LongSupplier nanoClock) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.nanoClock = nanoClock;
    }

    public synchronized int due() {
        long now = nanoClock.getAsLong();
        if (startNanos < 0) {
            startNanos = now;
        }
        long owed = (long) Math.floor((now - startNanos) / 1e9 * ratePerSecond) - emitted;
        long maxBurst = (long) Math.ceil(ratePerSecond);
        if (owed > maxBurst) {
            emitted += owed - maxBurst;
            owed = maxBurst;
        }
        emitted += Math.max(0, owed);
        return (int) Math.max(0, owed);
    }
}
