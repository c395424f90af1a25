package io.bpmonitor.deadletter;

import java.time.Instant;

import io.bpmonitor.kafka.ConsumedRecord;

/**
 * A record set aside, with why.
 *
 * @param source     the original record, bytes and headers unchanged
 * @param reason     a human-readable reason that names the problem, never the payload
 * @param errorClass the class of the error that refused it
 * @param failedAt   when it was refused
 */
public record DeadLetter(ConsumedRecord source, String reason, String errorClass, Instant failedAt) {
}
