package io.bpmonitor.fhir;

/** Refuses empty and oversized messages before any parsing, so one huge record cannot exhaust the detector's heap. */
public class PayloadGuard {

    public static final String EMPTY = "empty message";
    public static final String OVERSIZED = "oversized message: ";

    private final int maxBytes;

    public PayloadGuard(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** @return the payload, when it is worth reading */
    public byte[] payload(byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidReadingException(EMPTY);
        }
        if (value.length > maxBytes) {
            throw new InvalidReadingException(oversized(value.length, maxBytes));
        }
        return value;
    }

    /** The reason a message over the limit is refused, in the detector's words and the FHIR endpoint's. */
    public static String oversized(int bytes, int maxBytes) {
        return OVERSIZED + bytes + " bytes, limit " + maxBytes;
    }
}
