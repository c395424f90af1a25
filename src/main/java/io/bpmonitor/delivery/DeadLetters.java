package io.bpmonitor.delivery;

import java.time.Clock;

import org.apache.camel.Exchange;

/** Turns a refused record into a {@link DeadLetter}; called by the detector route's {@code doCatch}. */
public class DeadLetters {

    /** The exchange property holding the {@link SourceRecord} a split step is working on. */
    public static final String SOURCE_PROPERTY = "bpSource";

    static final int MAX_REASON_LENGTH = 500;

    private final Clock clock;

    public DeadLetters(Clock clock) {
        this.clock = clock;
    }

    public DeadLetter fromFailure(Exchange exchange) {
        SourceRecord source = exchange.getProperty(SOURCE_PROPERTY, SourceRecord.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = error == null || error.getMessage() == null
                ? "unreadable record" : error.getMessage();
        return of(source, reason, error == null ? "unknown" : error.getClass().getName());
    }

    public DeadLetter of(SourceRecord source, String reason, String errorClass) {
        String shortReason = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        return new DeadLetter(source, shortReason, errorClass, clock.instant());
    }
}
