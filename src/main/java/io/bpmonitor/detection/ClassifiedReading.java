package io.bpmonitor.detection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * One reading as the detector judged it: the value of each record of {@code BP_READINGS_TOPIC}, keyed by patient id,
 * published for every reading read (normal or not) in the poll's Kafka transaction. It is all the alert rules and
 * the home-monitoring rules need, so none of them reads FHIR again. Its JSON fields are the components' names in
 * snake_case ({@code patient_id}, {@code effective_at}, ...); times are ISO-8601 UTC.
 *
 * @param arrivedAt      when the reading arrived (its Kafka record's timestamp), null when the record had none
 * @param classification the kind of hypertension by the 140/90 lines ({@link HypertensionType#code()})
 * @param anomaly        whether the anomaly rule in force kept it ({@code routes/detector.yaml})
 * @param crisis         whether the crisis rule in force matches it (only ever true for an anomaly)
 */
public record ClassifiedReading(
        String patientId,
        String observationId,
        Instant effectiveAt,
        Instant arrivedAt,
        int systolic,
        int diastolic,
        String classification,
        boolean anomaly,
        boolean crisis) {

    /**
     * Header of each record: {@code true} or {@code false}, the record's {@link #anomaly()}, so a reader that needs the
     * anomalies only (the alert rules) passes the normal readings by without reading them.
     */
    public static final String ANOMALY_HEADER = "bp-anomaly";
    public static final byte[] ANOMALOUS = "true".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] NORMAL = "false".getBytes(StandardCharsets.US_ASCII);

    private static final JsonFactory JSON = new JsonFactory();

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
        try (JsonGenerator out = JSON.createGenerator(json)) {
            out.writeStartObject();
            out.writeStringField("patient_id", patientId);
            out.writeStringField("observation_id", observationId);
            out.writeStringField("effective_at", UtcInstants.format(effectiveAt));
            out.writeStringField("arrived_at", arrivedAt == null ? null : UtcInstants.format(arrivedAt));
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
        try (JsonParser in = JSON.createParser(json)) {
            reading = read(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a classified reading (" + e.getClass().getSimpleName() + ")");
        }
        if (reading.patientId() == null || reading.observationId() == null || reading.effectiveAt() == null) {
            throw new IllegalArgumentException("not a classified reading (patient, observation or time missing)");
        }
        return reading;
    }

    /** Field by field, as {@link #toJson} writes them: the engine reads one for every anomaly. */
    private static ClassifiedReading read(JsonParser in) throws IOException {
        if (in.nextToken() != JsonToken.START_OBJECT) {
            throw new JsonParseException(in, "not an object");
        }
        String patientId = null;
        String observationId = null;
        Instant effectiveAt = null;
        Instant arrivedAt = null;
        int systolic = 0;
        int diastolic = 0;
        String classification = null;
        boolean anomaly = false;
        boolean crisis = false;
        String field;
        while ((field = in.nextFieldName()) != null) {
            in.nextToken(); // a null number or flag throws: not a reading
            switch (field) {
                case "patient_id" -> patientId = in.getValueAsString();
                case "observation_id" -> observationId = in.getValueAsString();
                case "effective_at" -> effectiveAt = instant(in);
                case "arrived_at" -> arrivedAt = instant(in);
                case "systolic" -> systolic = in.getIntValue();
                case "diastolic" -> diastolic = in.getIntValue();
                case "classification" -> classification = in.getValueAsString();
                case "anomaly" -> anomaly = in.getBooleanValue();
                case "crisis" -> crisis = in.getBooleanValue();
                default -> in.skipChildren();
            }
        }
        return new ClassifiedReading(patientId, observationId, effectiveAt, arrivedAt, systolic, diastolic,
                classification, anomaly, crisis);
    }

    private static Instant instant(JsonParser in) throws IOException {
        String text = in.getValueAsString();
        return text == null ? null : UtcInstants.parse(text);
    }
}
