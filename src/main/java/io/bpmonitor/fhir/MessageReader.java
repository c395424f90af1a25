package io.bpmonitor.fhir;

import java.util.function.Function;

/**
 * Reads one message as both doors must, the FHIR endpoint and the detector alike, so that what one takes the other
 * takes: its size ({@link PayloadGuard}), the reading in it (an {@link ObservationReader}), and when it was taken
 * against when it arrived ({@link FutureReadings}).
 */
public final class MessageReader {

    private final Function<byte[], BloodPressureReading> reader;
    private final PayloadGuard guard;
    private final FutureReadings future;

    /** @param reader reads a message's bytes, or throws {@link InvalidReadingException} with the reason */
    public MessageReader(Function<byte[], BloodPressureReading> reader, PayloadGuard guard, FutureReadings future) {
        this.reader = reader;
        this.guard = guard;
        this.future = future;
    }

    /**
     * @param arrivedAtMillis when the message arrived (a Kafka record's timestamp, the endpoint's clock); negative
     *                        when not known
     * @throws InvalidReadingException what is refused, with the reason both doors give
     */
    public BloodPressureReading read(byte[] message, long arrivedAtMillis) {
        return future.check(reader.apply(guard.payload(message)), arrivedAtMillis);
    }
}
