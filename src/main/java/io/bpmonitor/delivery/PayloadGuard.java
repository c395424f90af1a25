package io.bpmonitor.delivery;

import io.bpmonitor.detection.InvalidReadingException;

/** Refuses empty and oversized messages before any parsing, so one huge record cannot exhaust the detector's heap. */
public class PayloadGuard {

    private final int maxBytes;

    public PayloadGuard(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public byte[] payload(SourceRecord record) {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            throw new InvalidReadingException("empty message");
        }
        if (value.length > maxBytes) {
            throw new InvalidReadingException("oversized message: " + value.length + " bytes, limit " + maxBytes);
        }
        return value;
    }
}
