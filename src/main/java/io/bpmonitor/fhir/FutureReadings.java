package io.bpmonitor.fhir;

import java.time.Duration;

/**
 * Refuses a reading taken, by its own account, after it arrived: its effective time more than the allowed clock
 * skew ({@code BP_MAX_CLOCK_SKEW}) after its arrival (the Kafka record's timestamp; at the FHIR endpoint, the
 * server's clock). A cuff whose clock is years ahead must not move anyone's alerts: the alerts' clock reads
 * effective times.
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
