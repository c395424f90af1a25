package io.bpmonitor.fhir;

import static com.fasterxml.jackson.core.JsonToken.END_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;
import static io.bpmonitor.fhir.BloodPressureCodes.DIASTOLIC;
import static io.bpmonitor.fhir.BloodPressureCodes.LOINC;
import static io.bpmonitor.fhir.BloodPressureCodes.PANEL;
import static io.bpmonitor.fhir.BloodPressureCodes.PANEL_SHORT;
import static io.bpmonitor.fhir.BloodPressureCodes.PANEL_SYSTOLIC_DIASTOLIC;
import static io.bpmonitor.fhir.BloodPressureCodes.SYSTOLIC;
import static io.bpmonitor.fhir.R4Checks.expect;
import static io.bpmonitor.fhir.R4Checks.once;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bpmonitor.fhir.R4Elements.Element;
import io.bpmonitor.fhir.R4Elements.Type;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Observation.ObservationStatusEnumFactory;

/**
 * The fast path of {@link ObservationReader}: one pass of Jackson's streaming parser over the bytes, no tree, no HAPI
 * model, checked against {@link R4Elements}. It answers only when it is sure HAPI's path would answer the
 * same: a reading, or one of the extractor's refusals with its reason. For anything unusual it returns {@code null}
 * and the caller asks HAPI, so the parse errors keep HAPI's own messages.
 */
final class StreamingObservationReader {

    /** Strict JSON: what only HAPI's laxer reader takes (single quotes, {@code +1}) goes to HAPI. */
    private static final JsonFactory JSON = new JsonFactory();

    private final ObservationStatusEnumFactory statuses = new ObservationStatusEnumFactory();
    private final Type observation;
    private final Type codeableConcept;
    private final Type coding;
    private final Type reference;
    private final Type component;
    private final Type quantity;
    private final int componentValueSlot;
    private final int effectiveSlot;
    private final R4Elements r4;

    StreamingObservationReader(R4Elements r4) {
        observation = r4.observation;
        codeableConcept = r4.type("CodeableConcept");
        coding = r4.type("Coding");
        reference = r4.type("Reference");
        component = r4.type("ObservationComponentComponent");
        quantity = r4.type("Quantity");
        componentValueSlot = component.element("valueQuantity").slot;
        effectiveSlot = observation.element("effectiveDateTime").slot;
        this.r4 = r4;
    }

    /**
     * @return the reading, or {@code null} when only HAPI's path can say what these bytes are
     * @throws InvalidReadingException a refusal HAPI's path would give with the same reason
     */
    BloodPressureReading read(byte[] json) {
        if (!startsWithObject(json) || !Utf8.isWellFormed(json)) {
            return null;
        }
        Read read = new Read();
        try (JsonParser parser = JSON.createParser(json)) {
            read.parser = parser;
            read.checks = new R4Checks(parser, r4, Utf8.hasControlEscape(json));
            parser.nextToken();
            read.observation();
            if (parser.nextToken() != null) {
                return null; // trailing content
            }
        } catch (IOException | RuntimeException e) { // NotSure, or Jackson's verdict on bytes that are not JSON
            return null;
        }
        if (read.checks.tooLongNumber) {
            throw new InvalidReadingException(JsonNumbers.TOO_LONG);
        }
        return read.decide();
    }

    /** HAPI skips whitespace and wants '{'; JSON whitespace is a subset of what it skips, and a BOM is not skipped. */
    private static boolean startsWithObject(byte[] json) {
        for (byte b : json) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    /** The state of one read. */
    private final class Read extends ReadingValues {
        JsonParser parser;
        R4Checks checks;
        boolean resourceType;

        void observation() throws IOException {
            expect(parser.currentToken() == START_OBJECT);
            long seen = 0;
            String name;
            while ((name = parser.nextFieldName()) != null) {
                JsonToken token = parser.nextToken();
                if ("resourceType".equals(name)) {
                    expect(!resourceType && token == VALUE_STRING && "Observation".equals(parser.getText()));
                    resourceType = true;
                    continue;
                }
                Element element = observation.element(name);
                expect(element != null);
                seen = once(seen, element);
                switch (name) {
                    case "id" -> id = observationId(checks.string(token));
                    case "status" -> status = status(checks.string(token));
                    case "code" -> codes = concept(token);
                    case "subject" -> subject = reference(token);
                    case "device" -> device = reference(token);
                    case "effectiveDateTime" -> effectiveDateTime(checks.string(token));
                    case "component" -> {
                        expect(token == START_ARRAY);
                        while ((token = parser.nextToken()) != END_ARRAY) {
                            components.add(component(token));
                        }
                    }
                    default -> {
                        // effectivePeriod, -Timing, -Instant are refusals whose reason depends on emptiness: HAPI's
                        expect(element.slot != effectiveSlot);
                        checks.element(element, token);
                    }
                }
            }
            expect(resourceType);
        }

        /** HAPI rewrites the id to {@code Observation/<id>}; plain ids keep their id part, others go to HAPI. */
        private String observationId(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                expect(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.');
            }
            return text;
        }

        private ObservationStatus status(String code) {
            ObservationStatus parsed;
            try {
                parsed = statuses.fromCode(code);
            } catch (RuntimeException e) {
                throw R4Checks.NOT_SURE;
            }
            expect(parsed != null);
            return parsed;
        }

        private void effectiveDateTime(String text) {
            long millis = FhirDateTimes.epochMillis(text);
            expect(millis != FhirDateTimes.NOT_CANONICAL);
            effective = true;
            effectiveMillis = millis;
        }

        /** A CodeableConcept: which of the panel, systolic and diastolic LOINC codes its codings carry. */
        private int concept(JsonToken token) throws IOException {
            expect(token == START_OBJECT);
            int found = 0;
            long seen = 0;
            String name;
            while ((name = parser.nextFieldName()) != null) {
                Element element = codeableConcept.element(name);
                expect(element != null);
                seen = once(seen, element);
                token = parser.nextToken();
                if ("coding".equals(name)) {
                    expect(token == START_ARRAY);
                    while ((token = parser.nextToken()) != END_ARRAY) {
                        found |= coding(token);
                    }
                } else {
                    checks.element(element, token);
                }
            }
            return found;
        }

        private int coding(JsonToken token) throws IOException {
            expect(token == START_OBJECT);
            String system = null;
            String code = null;
            long seen = 0;
            String name;
            while ((name = parser.nextFieldName()) != null) {
                Element element = coding.element(name);
                expect(element != null);
                seen = once(seen, element);
                token = parser.nextToken();
                switch (name) {
                    case "system" -> system = checks.string(token);
                    case "code" -> code = checks.string(token).trim(); // HAPI's CodeType trims
                    default -> checks.element(element, token);
                }
            }
            if (!LOINC.equals(system) || code == null) {
                return 0;
            }
            return switch (code) {
                case PANEL, PANEL_SYSTOLIC_DIASTOLIC, PANEL_SHORT -> PANEL_CODE;
                case SYSTOLIC -> SYSTOLIC_CODE;
                case DIASTOLIC -> DIASTOLIC_CODE;
                default -> 0;
            };
        }

        /** A Reference: its {@code reference} text, or null. */
        private String reference(JsonToken token) throws IOException {
            expect(token == START_OBJECT);
            String text = null;
            long seen = 0;
            String name;
            while ((name = parser.nextFieldName()) != null) {
                Element element = reference.element(name);
                expect(element != null);
                seen = once(seen, element);
                token = parser.nextToken();
                if ("reference".equals(name)) {
                    text = checks.localReferenceChecked(checks.text(token));
                } else {
                    checks.element(element, token);
                }
            }
            return text;
        }

        private Component component(JsonToken token) throws IOException {
            expect(token == START_OBJECT);
            Component result = new Component();
            long seen = 0;
            String name;
            while ((name = parser.nextFieldName()) != null) {
                Element element = component.element(name);
                expect(element != null);
                seen = once(seen, element);
                token = parser.nextToken();
                if ("code".equals(name)) {
                    result.codes = concept(token);
                } else if ("valueQuantity".equals(name)) {
                    result.hasValue = true;
                    result.quantity = true;
                    quantity(token, result);
                } else {
                    if (element.slot == componentValueSlot) {
                        result.hasValue = true; // valueString, valueCodeableConcept...: HAPI's path decides
                    }
                    checks.element(element, token);
                }
            }
            return result;
        }

        private void quantity(JsonToken token, Component into) throws IOException {
            expect(token == START_OBJECT);
            long seen = 0;
            String name;
            while ((name = parser.nextFieldName()) != null) {
                Element element = quantity.element(name);
                expect(element != null);
                seen = once(seen, element);
                token = parser.nextToken();
                switch (name) {
                    case "value" -> {
                        expect(token == VALUE_NUMBER_INT || token == VALUE_NUMBER_FLOAT);
                        BigDecimal value = parser.getDecimalValue();
                        if (token == VALUE_NUMBER_FLOAT && JsonNumbers.tooLong(value)) {
                            checks.tooLongNumber = true;
                        } else {
                            into.value = value;
                        }
                    }
                    case "code" -> into.unit = checks.string(token).trim(); // HAPI's CodeType trims
                    case "system" -> into.system = checks.string(token);
                    case "comparator" -> {
                        String comparator = parser.getText();
                        checks.element(element, token); // one of <, <=, >=, >, or HAPI's path decides
                        into.comparator = comparator;
                    }
                    default -> checks.element(element, token);
                }
            }
        }
    }
}
