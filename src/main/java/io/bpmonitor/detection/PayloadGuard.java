package io.bpmonitor.detection;

/** Refuses empty and oversized messages before any parsing, so one huge record cannot exhaust the detector's heap. */
public class PayloadGuard {

    private final int maxBytes;

    public PayloadGuard(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** @return the payload, when it is worth reading */
    public byte[] payload(byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidReadingException("empty message");
        }
        if (value.length > maxBytes) {
            throw new InvalidReadingException("oversized message: " + value.length + " bytes, limit " + maxBytes);
        }
        return value;
    }
}
