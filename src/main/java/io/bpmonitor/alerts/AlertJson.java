package io.bpmonitor.alerts;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The alerts' JSON: for {@code bp_alerts} and {@code bp-alerts} snake_case fields, times as ISO-8601 UTC text, nulls
 * written (the contract has them); for the engine's state as its first release wrote it, the same fields with times
 * as epoch milliseconds.
 */
public final class AlertJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final JsonMapper STATE = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private AlertJson() {
    }

    /** A patient's alert state as the first engine release kept it ({@link PatientAlertsCodec} reads it). */
    static PatientAlerts readState(byte[] json) {
        try {
            return STATE.readValue(json, PatientAlerts.class);
        } catch (IOException e) {
            throw new IllegalStateException("alert state that does not read as PatientAlerts", e);
        }
    }

    /** An alert as text: what a test or a log of the contract compares. */
    public static String text(Alert alert) {
        try {
            return MAPPER.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert always serialises", e);
        }
    }

    /** An alert as UTF-8 JSON, as the contract has it. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alerts always serialise", e);
        }
    }

    static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("alert state that does not read as " + type.getSimpleName(), e);
        }
    }
}
