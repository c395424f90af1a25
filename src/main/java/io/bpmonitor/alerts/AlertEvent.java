package io.bpmonitor.alerts;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import org.apache.kafka.common.header.Headers;

/**
 * What a record of {@code BP_ALERT_TOPIC} says of its alert, in the record's headers (the value is the alert's
 * document, the contract of {@code bp_alerts}): whether it opened, grew or resolved, and its revision, which only
 * grows from one event of an alert to the next, so the projection into Elasticsearch keeps the newest whatever order
 * its writes land in.
 */
public enum AlertEvent {
    OPENED("opened"),
    UPDATED("updated"),
    RESOLVED("resolved"),
    WITHDRAWN("withdrawn"),
    /** A clinician took the alert on. */
    ACKNOWLEDGED("acknowledged"),
    /** A clinician handed it to another. */
    REASSIGNED("reassigned"),
    /** A clinician closed it, with an outcome: it leaves the review queue. */
    CLOSED("closed"),
    /** An urgent alert waited unacknowledged for another BP_ALERT_ESCALATE_MINUTES: a pager escalates on it. */
    ESCALATED("escalated");

    /** Header: {@link #code()} of the event. */
    public static final String EVENT_HEADER = "bp-alert-event";
    /** Header: the revision, decimal. */
    public static final String REVISION_HEADER = "bp-alert-revision";

    private final String code;

    AlertEvent(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The event an alert's change is: its status says whether it opened, resolved or was withdrawn, unless it only grew. */
    static AlertEvent of(Alert alert) {
        return switch (alert.status()) {
            case OPEN -> OPENED;
            case RESOLVED -> RESOLVED;
            case WITHDRAWN -> WITHDRAWN;
        };
    }

    /** The event of a header's value (bytes as Kafka gives it, or text), if it is one. */
    public static Optional<AlertEvent> ofHeader(Object headerValue) {
        String text = headerValue instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII)
                : headerValue == null ? null : headerValue.toString();
        return Arrays.stream(values()).filter(event -> event.code.equals(text)).findFirst();
    }

    void writeTo(Headers headers, long revision) {
        headers.add(EVENT_HEADER, code.getBytes(StandardCharsets.US_ASCII));
        headers.add(REVISION_HEADER, Long.toString(revision).getBytes(StandardCharsets.US_ASCII));
    }

    /** The revision in a header's value (bytes as Kafka gives it, or text); -1 when there is none. */
    public static long revision(Object headerValue) {
        String text = headerValue instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII)
                : headerValue == null ? null : headerValue.toString();
        try {
            return text == null ? -1 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
