package io.bpmonitor.detection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * One reading as the detector judged it: the value of each record of {@code BP_READINGS_TOPIC}, keyed by patient id,
 * published for every reading read (normal or not) in the poll's Kafka transaction. It is all the alert rules and
 * the home-monitoring rules need, so none of them reads FHIR again. Times are ISO-8601 UTC.
 *
 * @param arrivedAt      when the reading arrived (its Kafka record's timestamp), null when the record had none
 * @param classification the kind of hypertension by the 140/90 lines ({@link HypertensionType#code()})
 * @param anomaly        whether the anomaly rule in force kept it ({@code routes/detector.yaml})
 * @param crisis         whether the crisis rule in force matches it (only ever true for an anomaly)
 */
public record ClassifiedReading(
        @JsonProperty("patient_id") String patientId,
        @JsonProperty("observation_id") String observationId,
        @JsonProperty("effective_at") Instant effectiveAt,
        @JsonProperty("arrived_at") Instant arrivedAt,
        @JsonProperty("systolic") int systolic,
        @JsonProperty("diastolic") int diastolic,
        @JsonProperty("classification") String classification,
        @JsonProperty("anomaly") boolean anomaly,
        @JsonProperty("crisis") boolean crisis) {

    /**
     * Header of each record: {@code true} or {@code false}, the record's {@link #anomaly()}, so a reader that needs the
     * anomalies only (the alert rules) passes the normal readings by without reading them.
     */
    public static final String ANOMALY_HEADER = "bp-anomaly";
    public static final byte[] ANOMALOUS = "true".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] NORMAL = "false".getBytes(StandardCharsets.US_ASCII);

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final ObjectReader READER = MAPPER.readerFor(ClassifiedReading.class);

    /** @param arrivedAtMillis the record's timestamp, negative when it has none */
    public static ClassifiedReading of(BloodPressureReading reading, long arrivedAtMillis, boolean anomaly,
                                       boolean crisis) {
        return new ClassifiedReading(reading.patientId(), reading.observationId(), reading.effectiveAt(),
                arrivedAtMillis < 0 ? null : Instant.ofEpochMilli(arrivedAtMillis), reading.systolic(),
                reading.diastolic(), HypertensionType.of(reading.systolic(), reading.diastolic()).code(), anomaly,
                anomaly && crisis);
    }

    /** Written field by field: the detector writes one for every reading it reads. */
    public byte[] toJson() {
        ByteArrayOutputStream json = new ByteArrayOutputStream(256);
        try (JsonGenerator out = MAPPER.getFactory().createGenerator(json)) {
            out.writeStartObject();
            out.writeStringField("patient_id", patientId);
            out.writeStringField("observation_id", observationId);
            out.writeStringField("effective_at", effectiveAt.toString());
            out.writeStringField("arrived_at", arrivedAt == null ? null : arrivedAt.toString());
            out.writeNumberField("systolic", systolic);
            out.writeNumberField("diastolic", diastolic);
            out.writeStringField("classification", classification);
            out.writeBooleanField("anomaly", anomaly);
            out.writeBooleanField("crisis", crisis);
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("a classified reading always serialises", e);
        }
        return json.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a classified reading (the message names no value) */
    public static ClassifiedReading fromJson(byte[] json) {
        ClassifiedReading reading;
        try {
            reading = READER.readValue(json);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a classified reading (" + e.getClass().getSimpleName() + ")");
        }
        if (reading == null || reading.patientId() == null || reading.observationId() == null
                || reading.effectiveAt() == null) {
            throw new IllegalArgumentException("not a classified reading (patient, observation or time missing)");
        }
        return reading;
    }
}
