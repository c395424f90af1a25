package io.bpmonitor.alerts;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
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

    /** Published alerts are read strictly: a number that is null is no alert. */
    private static final ObjectReader PUBLISHED = MAPPER.readerFor(Alert.class)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

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

    /**
     * An alert as the engine published it, for whoever reads {@code bp-alerts} or {@code bp_alerts}.
     *
     * @throws UnreadableAlertException when the bytes are not an alert; its message names the problem, never the
     *                                  payload
     */
    public static Alert readAlert(byte[] json) {
        if (json == null || json.length == 0) {
            throw new UnreadableAlertException("the record is empty");
        }
        Alert alert;
        try {
            alert = PUBLISHED.readValue(json);
        } catch (JsonMappingException e) {
            throw new UnreadableAlertException(e.getPath().isEmpty() ? "not the JSON of an alert"
                    : e.getPath().get(e.getPath().size() - 1).getFieldName() + " is not what an alert holds there");
        } catch (IOException e) {
            throw new UnreadableAlertException("not the JSON of an alert (" + e.getClass().getSimpleName() + ")");
        }
        for (String[] required : new String[][] {{"alert_id", alert.alertId()}, {"patient_id", alert.patientId()}}) {
            if (required[1] == null || required[1].isBlank()) {
                throw new UnreadableAlertException("no " + required[0]);
            }
        }
        if (alert.openedAt() == null || alert.kind() == null || alert.status() == null) {
            throw new UnreadableAlertException("opened_at, kind and status are required");
        }
        return alert;
    }

    /** An alert from a search hit's {@code _source}. */
    public static Alert readAlert(JsonNode source) {
        try {
            return PUBLISHED.readValue(MAPPER.treeAsTokens(source));
        } catch (IOException e) {
            throw new UnreadableAlertException("not the JSON of an alert (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Bytes that are not an alert: no reader of alerts could ever take them. */
    public static final class UnreadableAlertException extends IllegalArgumentException {
        UnreadableAlertException(String problem) {
            super("Unreadable alert: " + problem);
        }
    }

    /** A record of one of the engine's input topics: not of that contract is a refusal, never the payload said. */
    static <T> T readContract(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("not the JSON of a " + type.getSimpleName() + " ("
                    + e.getClass().getSimpleName() + ")");
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
