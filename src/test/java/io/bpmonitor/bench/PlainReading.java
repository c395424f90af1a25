package io.bpmonitor.bench;

import static io.bpmonitor.fhir.BloodPressureCodes.DIASTOLIC;
import static io.bpmonitor.fhir.BloodPressureCodes.PATIENT_REFERENCE_PREFIX;
import static io.bpmonitor.fhir.BloodPressureCodes.SYSTOLIC;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bpmonitor.fhir.BloodPressureReading;

/**
 * The fields of an Observation that {@link PlainConsumer} uses, read with Jackson's streaming parser, everything else
 * skipped unread: the id, the patient of the subject reference, the effective time and the values of the systolic and
 * diastolic components. No validation beyond that: the plain consumer is a yardstick, not a reader.
 */
record PlainReading(String observationId, String patientId, Instant effectiveAt, int systolic, int diastolic) {

    private static final int MISSING = -1;

    static PlainReading parse(JsonFactory factory, byte[] json) throws IOException {
        String id = null;
        String patient = null;
        Instant effectiveAt = null;
        int[] pressures = {MISSING, MISSING};
        try (JsonParser parser = factory.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "id" -> id = parser.getText();
                    case "subject" -> patient = stringField(parser, "reference")
                            .substring(PATIENT_REFERENCE_PREFIX.length());
                    case "effectiveDateTime" -> effectiveAt = OffsetDateTime.parse(parser.getText()).toInstant();
                    case "component" -> components(parser, pressures);
                    default -> parser.skipChildren();
                }
            }
        }
        if (id == null || patient == null || effectiveAt == null || pressures[0] == MISSING
                || pressures[1] == MISSING) {
            throw new IOException("not a blood-pressure reading: " + new String(json, StandardCharsets.UTF_8));
        }
        return new PlainReading(id, patient, effectiveAt, pressures[0], pressures[1]);
    }

    BloodPressureReading asReading() {
        return new BloodPressureReading(observationId, patientId, null, effectiveAt, systolic, diastolic);
    }

    /** Each component's code and value: systolic into {@code pressures[0]}, diastolic into {@code pressures[1]}. */
    private static void components(JsonParser parser, int[] pressures) throws IOException {
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            String code = null;
            int value = MISSING;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "code" -> code = codingCode(parser);
                    case "valueQuantity" -> value = intField(parser, "value");
                    default -> parser.skipChildren();
                }
            }
            if (SYSTOLIC.equals(code)) {
                pressures[0] = value;
            } else if (DIASTOLIC.equals(code)) {
                pressures[1] = value;
            }
        }
    }

    /** The code of the CodeableConcept's (last) coding. */
    private static String codingCode(JsonParser parser) throws IOException {
        String code = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if ("coding".equals(field)) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    code = stringField(parser, "code");
                }
            } else {
                parser.skipChildren();
            }
        }
        return code;
    }

    /** The value of one field of the object the parser is at, the others skipped. */
    private static String stringField(JsonParser parser, String name) throws IOException {
        String value = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            boolean wanted = name.equals(parser.currentName());
            parser.nextToken();
            if (wanted) {
                value = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        return value;
    }

    private static int intField(JsonParser parser, String name) throws IOException {
        String value = stringField(parser, name);
        return value == null ? MISSING : Integer.parseInt(value);
    }
}
