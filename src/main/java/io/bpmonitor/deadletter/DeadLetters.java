package io.bpmonitor.deadletter;

import java.time.Clock;

import io.bpmonitor.kafka.ConsumedRecord;


/** Turns a refused record into a {@link DeadLetter}. */
public class DeadLetters {

    static final int MAX_REASON_LENGTH = 500;

    private final Clock clock;

    public DeadLetters(Clock clock) {
        this.clock = clock;
    }

    /** A record the detector could not read; the error's message (never the payload) is the reason. */
    public DeadLetter of(ConsumedRecord source, Throwable error) {
        return of(source, error.getMessage() == null ? "unreadable record" : error.getMessage(), error.getClass().getName());
    }

    public DeadLetter of(ConsumedRecord source, String reason, String errorClass) {
        String shortReason = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        return new DeadLetter(source, shortReason, errorClass, clock.instant());
    }
}
