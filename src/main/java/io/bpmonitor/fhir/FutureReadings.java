package io.bpmonitor.fhir;

import java.time.Duration;

/**
 * Refuses a reading whose effective time is more than {@code BP_MAX_CLOCK_SKEW} after its arrival: a cuff whose clock
 * is years ahead must not move anyone's alerts, whose clock reads effective times (docs/alerts.md#time).
 */
public final class FutureReadings {

    public static final String REASON = "effective time in the future";

    private final long maxSkewMillis;
    private final String reason;

    public FutureReadings(Duration maxSkew) {
        this.maxSkewMillis = maxSkew.toMillis();
        this.reason = REASON + ": more than " + maxSkew.toSeconds() + " s after the reading arrived";
    }

    /**
     * @param arrivedAtMillis when the reading arrived, milliseconds since the epoch; negative when not known (a
     *                        record without a timestamp), and then nothing is checked
     * @throws InvalidReadingException when it was taken more than the allowed skew after that
     */
    public BloodPressureReading check(BloodPressureReading reading, long arrivedAtMillis) {
        if (arrivedAtMillis >= 0 && reading.effectiveAt().toEpochMilli() - arrivedAtMillis > maxSkewMillis) {
            throw new InvalidReadingException(reason);
        }
        return reading;
    }
}
