package io.bpmonitor.detector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.fhir.UtcInstants;
import io.bpmonitor.rules.HypertensionType;

/**
 * One reading as the detector judged it, published for every reading (normal or not) to {@code BP_READINGS_TOPIC} in
 * the poll's Kafka transaction, so no alert rule reads FHIR again. A record holds one patient's readings of a poll
 * ({@link #toJson(List)}): a backfill's poll holds dozens per patient, and one record costs less than dozens.
 *
 * @param arrivedAt      when the reading arrived (its Kafka record's timestamp), null when the record had none
 * @param systolic       null in a partial reading that has none
 * @param diastolic      null in a partial reading that has none
 * @param classification the kind of hypertension by the 140/90 lines ({@link HypertensionType#code()})
 * @param crisis         only ever true for an anomaly
 * @param low            an anomaly or not: 150/55 is both
 * @param withdrawn      the Observation was entered in error: its earlier versions count no more (never an anomaly)
 */
public record ClassifiedReading(
        String patientId,
        String observationId,
        Instant effectiveAt,
        Instant arrivedAt,
        Integer systolic,
        Integer diastolic,
        String classification,
        boolean anomaly,
        boolean crisis,
        boolean low,
        boolean withdrawn) {

    /** A reading that stands. */
    public ClassifiedReading(String patientId, String observationId, Instant effectiveAt, Instant arrivedAt,
                             Integer systolic, Integer diastolic, String classification, boolean anomaly,
                             boolean crisis, boolean low) {
        this(patientId, observationId, effectiveAt, arrivedAt, systolic, diastolic, classification, anomaly, crisis,
                low, false);
    }

    /**
     * Header of each record: {@code true} when one of its readings is an {@link #anomaly()}, else {@code false}; with
     * {@link #LOW_PRESSURE_HEADER}, the alert engine passes by the records that hold nothing it acts on, unread.
     */
    public static final String ANOMALY_HEADER = "bp-anomaly";
    /**
     * Header of each record: {@code true} when one of its readings is {@link #low()}, absent otherwise (and in the
     * records of releases before low pressure was read).
     */
    public static final String LOW_PRESSURE_HEADER = "bp-low-pressure";
    public static final byte[] ANOMALOUS = "true".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] NORMAL = "false".getBytes(StandardCharsets.US_ASCII);

    /** The most readings one record holds, so that a poll of one patient's backlog stays far from Kafka's 1 MB. */
    public static final int MOST_PER_RECORD = 500;

    private static final JsonFactory JSON = new JsonFactory();

    /** @param arrivedAtMillis the record's timestamp, negative when it has none */
    public static ClassifiedReading of(BloodPressureReading reading, long arrivedAtMillis, boolean anomaly,
                                       boolean crisis, boolean low) {
        BloodPressureReading known = reading.forHighRules();
        return new ClassifiedReading(reading.patientId(), reading.observationId(), reading.effectiveAt(),
                arrivedAtMillis < 0 ? null : Instant.ofEpochMilli(arrivedAtMillis), reading.systolicOrNull(),
                reading.diastolicOrNull(), HypertensionType.of(known.systolic(), known.diastolic()).code(), anomaly,
                anomaly && crisis, low);
    }

    /** The withdrawal of an Observation entered in error: it counts for nothing, and its earlier versions no more. */
    public static ClassifiedReading withdrawal(BloodPressureReading reading, long arrivedAtMillis) {
        return new ClassifiedReading(reading.patientId(), reading.observationId(), reading.effectiveAt(),
                arrivedAtMillis < 0 ? null : Instant.ofEpochMilli(arrivedAtMillis), reading.systolicOrNull(),
                reading.diastolicOrNull(), HypertensionType.NONE.code(), false, false, false, true);
    }

    /** Whether the alert rules need it: an anomaly, or a low pressure. */
    public boolean alerting() {
        return anomaly || low;
    }

    /**
     * The value of one record of the topic: readings of one patient in the order they were read, as a JSON array.
     * Written field by field: the detector writes one for every reading it reads.
     */
    public static byte[] toJson(List<ClassifiedReading> readings) {
        ByteArrayOutputStream json = new ByteArrayOutputStream(200 * readings.size());
        try (JsonGenerator out = JSON.createGenerator(json)) {
            out.writeStartArray();
            for (ClassifiedReading reading : readings) {
                reading.writeTo(out);
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("classified readings always serialise", e);
        }
        return json.toByteArray();
    }

    private void writeTo(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("patient_id", patientId);
        out.writeStringField("observation_id", observationId);
        out.writeStringField("effective_at", UtcInstants.format(effectiveAt));
        out.writeStringField("arrived_at", arrivedAt == null ? null : UtcInstants.format(arrivedAt));
        writeNumberOrNull(out, "systolic", systolic);
        writeNumberOrNull(out, "diastolic", diastolic);
        out.writeStringField("classification", classification);
        out.writeBooleanField("anomaly", anomaly);
        out.writeBooleanField("crisis", crisis);
        out.writeBooleanField("low", low);
        if (withdrawn) {
            out.writeBooleanField("withdrawn", true);
        }
        out.writeEndObject();
    }

    private static void writeNumberOrNull(JsonGenerator out, String field, Integer value) throws IOException {
        if (value == null) {
            out.writeNullField(field);
        } else {
            out.writeNumberField(field, value);
        }
    }

    /**
     * The readings of one record: an array as {@link #toJson} writes it, or the single object the first release
     * wrote per record.
     *
     * @throws IllegalArgumentException when the bytes are not classified readings (the message names no value)
     */
    public static List<ClassifiedReading> fromJson(byte[] json) {
        List<ClassifiedReading> readings = new ArrayList<>();
        try (JsonParser in = JSON.createParser(json)) {
            JsonToken first = in.nextToken();
            if (first == JsonToken.START_OBJECT) {
                readings.add(read(in));
            } else if (first == JsonToken.START_ARRAY) {
                while (in.nextToken() == JsonToken.START_OBJECT) {
                    readings.add(read(in));
                }
                if (in.currentToken() != JsonToken.END_ARRAY) {
                    throw new JsonParseException(in, "not an object");
                }
            } else {
                throw new JsonParseException(in, "neither an object nor an array");
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not classified readings (" + e.getClass().getSimpleName() + ")");
        }
        for (ClassifiedReading reading : readings) {
            if (reading.patientId() == null || reading.observationId() == null || reading.effectiveAt() == null) {
                throw new IllegalArgumentException("not classified readings (patient, observation or time missing)");
            }
            if (reading.systolic() == null && reading.diastolic() == null) {
                throw new IllegalArgumentException("not classified readings (neither systolic nor diastolic)");
            }
        }
        return readings;
    }

    /** One object, its start already read; field by field, as {@link #writeTo} writes them. */
    private static ClassifiedReading read(JsonParser in) throws IOException {
        String patientId = null;
        String observationId = null;
        Instant effectiveAt = null;
        Instant arrivedAt = null;
        Integer systolic = null;
        Integer diastolic = null;
        String classification = null;
        boolean anomaly = false;
        boolean crisis = false;
        boolean low = false;
        boolean withdrawn = false;
        String field;
        while ((field = in.nextFieldName()) != null) {
            in.nextToken(); // a null flag throws: not a reading
            switch (field) {
                case "patient_id" -> patientId = in.getValueAsString();
                case "observation_id" -> observationId = in.getValueAsString();
                case "effective_at" -> effectiveAt = instant(in);
                case "arrived_at" -> arrivedAt = instant(in);
                case "systolic" -> systolic = numberOrNull(in);
                case "diastolic" -> diastolic = numberOrNull(in);
                case "classification" -> classification = in.getValueAsString();
                case "anomaly" -> anomaly = in.getBooleanValue();
                case "crisis" -> crisis = in.getBooleanValue();
                case "low" -> low = in.getBooleanValue();
                case "withdrawn" -> withdrawn = in.getBooleanValue();
                default -> in.skipChildren();
            }
        }
        return new ClassifiedReading(patientId, observationId, effectiveAt, arrivedAt, systolic, diastolic,
                classification, anomaly, crisis, low, withdrawn);
    }

    private static Integer numberOrNull(JsonParser in) throws IOException {
        return in.currentToken() == JsonToken.VALUE_NULL ? null : in.getIntValue();
    }

    private static Instant instant(JsonParser in) throws IOException {
        String text = in.getValueAsString();
        return text == null ? null : UtcInstants.parse(text);
    }
}
