package io.bpmonitor.alerting;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The alerts' JSON, for {@code bp_alerts}, {@code bp-alerts} and the alert state: snake_case fields, times as
 * ISO-8601 UTC text, nulls written (the contract has them).
 */
public final class AlertJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private AlertJson() {
    }

    /** An alert as text: what a test or a log of the contract compares. */
    public static String text(Alert alert) {
        try {
            return MAPPER.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert always serialises", e);
        }
    }

    /** An alert, or a piece of alert state, as UTF-8 JSON. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alerts and their state always serialise", e);
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
