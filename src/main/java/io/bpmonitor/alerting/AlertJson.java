package io.bpmonitor.alerting;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The alerts' JSON: snake_case fields, times as ISO-8601 UTC text, nulls written (the contract has them). */
public final class AlertJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };

    private AlertJson() {
    }

    /** The value of a {@code bp-alerts} record. */
    public static String text(Alert alert) {
        try {
            return MAPPER.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert always serialises", e);
        }
    }

    /** A value as the fields Elasticsearch stores, so its own mapper needs no time module. */
    public static Map<String, Object> fields(Object value) {
        return MAPPER.convertValue(value, FIELDS);
    }

    public static <T> T read(Object fields, Class<T> type) {
        return MAPPER.convertValue(fields, type);
    }
}
