package io.bpmonitor.detection;

import static com.fasterxml.jackson.core.JsonToken.END_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_FALSE;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;
import static com.fasterxml.jackson.core.JsonToken.VALUE_TRUE;
import static io.bpmonitor.detection.BloodPressureCodes.DEVICE_REFERENCE_PREFIX;
import static io.bpmonitor.detection.BloodPressureCodes.DIASTOLIC;
import static io.bpmonitor.detection.BloodPressureCodes.LOINC;
import static io.bpmonitor.detection.BloodPressureCodes.PANEL;
import static io.bpmonitor.detection.BloodPressureCodes.PATIENT_REFERENCE_PREFIX;
import static io.bpmonitor.detection.BloodPressureCodes.SYSTOLIC;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.model.primitive.XhtmlDt;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bpmonitor.detection.R4Elements.Element;
import io.bpmonitor.detection.R4Elements.Type;
import org.apache.commons.lang3.StringUtils;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Observation.ObservationStatusEnumFactory;

/**
 * The fast path of {@link ObservationReader}: one pass of Jackson's streaming parser over the bytes, no tree, no HAPI
 * model. It checks everything HAPI's strict parse would object to (every name against {@link R4Elements}, JSON shapes,
 * primitive formats, repeated elements, extension rules, local references, the narrative's XHTML) and keeps the
 * handful of values {@link ReadingExtractor} looks at. It answers only when it is sure HAPI's path would answer the
 * same: a reading, or one of the extractor's refusals with its reason. For anything unusual it returns {@code null}
 * and the caller asks HAPI, so the parse errors keep HAPI's own messages.
 */
final class StreamingObservationReader {

    /** Strict JSON: what only HAPI's laxer reader takes (single quotes, {@code +1}) goes to HAPI. */
    private static final JsonFactory JSON = new JsonFactory();

    private static final int PANEL_CODE = 1;
    private static final int SYSTOLIC_CODE = 2;
    private static final int DIASTOLIC_CODE = 4;

    /** Abandons the streaming read: shared, without a stack trace, as it is control flow, not an error. */
    private static final class NotSure extends RuntimeException {
        NotSure() {
            super(null, null, false, false);
        }
    }

    private static final NotSure NOT_SURE = new NotSure();

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
            parser.nextToken();
            read.observation();
            if (parser.nextToken() != null) {
                return null; // trailing content
            }
        } catch (IOException | RuntimeException e) { // NotSure, or Jackson's verdict on bytes that are not JSON
            return null;
        }
        if (read.tooLongNumber) {
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

    /** One component as far as the extractor cares: its LOINC codes and, for a valueQuantity, the quantity. */
    private static final class Component {
        int codes;
        boolean hasValue;
        boolean quantity;
        BigDecimal value;
        String unit;
        String system;
    }

    /** The state of one read. */
    private final class Read {
        JsonParser parser;
        boolean tooLongNumber;
        boolean resourceType;
        String id;
        ObservationStatus status;
        int codes;
        String subject;
        String device;
        boolean effective;
        long effectiveMillis;
        final List<Component> components = new ArrayList<>(3);

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
                    case "id" -> id = observationId(string(token));
                    case "status" -> status = status(string(token));
                    case "code" -> codes = concept(token);
                    case "subject" -> subject = reference(token);
                    case "device" -> device = reference(token);
                    case "effectiveDateTime" -> effectiveDateTime(string(token));
                    case "component" -> {
                        expect(token == START_ARRAY);
                        while ((token = parser.nextToken()) != END_ARRAY) {
                            components.add(component(token));
                        }
                    }
                    default -> {
                        // effectivePeriod, -Timing, -Instant are refusals whose reason depends on emptiness: HAPI's
                        expect(element.slot != effectiveSlot);
                        element(element, token);
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
                throw NOT_SURE;
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
                    element(element, token);
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
                    case "system" -> system = string(token);
                    case "code" -> code = string(token).trim(); // HAPI's CodeType trims
                    default -> element(element, token);
                }
            }
            if (!LOINC.equals(system) || code == null) {
                return 0;
            }
            return switch (code) {
                case PANEL -> PANEL_CODE;
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
                    text = localReferenceChecked(string(token));
                } else {
                    element(element, token);
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
                    element(element, token);
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
                            tooLongNumber = true;
                        } else {
                            into.value = value;
                        }
                    }
                    case "code" -> into.unit = string(token).trim(); // HAPI's CodeType trims
                    case "system" -> into.system = string(token);
                    default -> element(element, token);
                }
            }
        }

        // ---- everything else: checked against the R4 definitions, values not kept ----

        private void element(Element element, JsonToken token) throws IOException {
            if (element.repeating) {
                expect(token == START_ARRAY); // HAPI refuses an object where R4 has a list
                while ((token = parser.nextToken()) != END_ARRAY) {
                    value(element, token);
                }
            } else {
                value(element, token); // a one-item array where R4 has one value: HAPI takes it, we do not
            }
        }

        private void value(Element element, JsonToken token) throws IOException {
            switch (element.kind) {
                case COMPOSITE -> composite(element.type, token);
                case PRIMITIVE -> primitive(element, token);
                case EXTENSION -> extension(token);
                case XHTML -> div(string(token), element);
                default -> throw NOT_SURE;
            }
        }

        private void composite(Type type, JsonToken token) throws IOException {
            expect(token == START_OBJECT && type.supported());
            long seen = 0;
            String name;
            while ((name = parser.nextFieldName()) != null) {
                Element element = type.element(name);
                expect(element != null); // also "_status", "fhir_comments", "resourceType" inside: HAPI's
                seen = once(seen, element);
                element(element, parser.nextToken());
            }
        }

        /** An extension: a url, an optional id, nested extensions or one value[x], not both (HAPI's rule). */
        private void extension(JsonToken token) throws IOException {
            expect(token == START_OBJECT);
            boolean url = false;
            boolean id = false;
            boolean nestedList = false;
            boolean value = false;
            int nested = 0;
            String name;
            while ((name = parser.nextFieldName()) != null) {
                token = parser.nextToken();
                switch (name) {
                    case "url" -> {
                        expect(!url);
                        string(token);
                        url = true;
                    }
                    case "id" -> {
                        expect(!id);
                        string(token);
                        id = true;
                    }
                    case "extension" -> {
                        expect(!nestedList && token == START_ARRAY);
                        nestedList = true;
                        while ((token = parser.nextToken()) != END_ARRAY) {
                            extension(token);
                            nested++;
                        }
                    }
                    default -> {
                        Element element = r4.extensionValue(name);
                        expect(element != null && !value);
                        value = true;
                        value(element, token);
                    }
                }
            }
            expect(url && !(value && nested > 0));
        }

        private void primitive(Element element, JsonToken token) throws IOException {
            switch (element.check) {
                case STRING -> string(token);
                case REFERENCE -> localReferenceChecked(string(token));
                case ENUMERATION -> {
                    String code = string(token);
                    try {
                        expect(element.enumFactory.fromCode(code) != null);
                    } catch (RuntimeException e) {
                        throw NOT_SURE;
                    }
                }
                case BOOLEAN -> expect(token == VALUE_TRUE || token == VALUE_FALSE);
                case DECIMAL -> {
                    if (token == VALUE_NUMBER_FLOAT) {
                        tooLongNumber |= JsonNumbers.tooLong(parser.getDecimalValue());
                    } else {
                        expect(token == VALUE_NUMBER_INT);
                    }
                }
                case INTEGER -> {
                    expect(token == VALUE_NUMBER_INT);
                    parsedByHapi(element, String.valueOf(parser.getNumberValue())); // as HAPI's IntNode.asText()
                }
                case DATE_TIME -> {
                    String text = string(token);
                    if (FhirDateTimes.epochMillis(text) == FhirDateTimes.NOT_CANONICAL
                            && !FhirDateTimes.isCanonicalDate(text)) {
                        parsedByHapi(element, text);
                    }
                }
                case DATE -> {
                    String text = string(token);
                    if (!FhirDateTimes.isCanonicalDate(text)) {
                        parsedByHapi(element, text);
                    }
                }
                default -> parsedByHapi(element, string(token));
            }
        }

        /** What HAPI's parser does with a primitive's text: set it on a new instance of the model type. */
        private void parsedByHapi(Element element, String text) {
            try {
                element.newPrimitive().setValueAsString(text);
            } catch (RuntimeException e) {
                throw NOT_SURE;
            }
        }

        /**
         * The narrative: HAPI parses the XHTML twice (its {@code XhtmlDt}, then the model's node) and fails on what
         * either refuses. A {@link SimpleXhtml simple} div passes both; anything else is checked by exactly those
         * two parses.
         */
        private void div(String text, Element element) {
            if (SimpleXhtml.isSimple(text)) {
                return;
            }
            try {
                XhtmlDt dt = new XhtmlDt();
                dt.setValueAsString(text);
                element.newXhtml().setValueAsString(dt.getValueAsString());
            } catch (RuntimeException e) {
                throw NOT_SURE;
            }
        }

        private String localReferenceChecked(String text) {
            expect(text.length() < 2 || text.charAt(0) != '#'); // HAPI looks "#id" up among contained resources
            return text;
        }

        /** A non-empty JSON string; HAPI would also read a number or boolean as text, but such content is HAPI's. */
        private String string(JsonToken token) throws IOException {
            expect(token == VALUE_STRING);
            String text = parser.getText();
            expect(!text.isEmpty()); // HAPI: "Attribute value must not be empty"
            return text;
        }

        // ---- what ReadingExtractor would do with the Observation HAPI builds from these bytes ----

        BloodPressureReading decide() {
            if ((codes & PANEL_CODE) == 0) {
                throw new InvalidReadingException("not a blood-pressure panel: code is not LOINC " + PANEL);
            }
            if (status == null || !ReadingExtractor.USABLE_STATUSES.contains(status)) {
                throw new InvalidReadingException("status '" + (status != null ? status.toCode() : "missing")
                        + "' is not a usable measurement");
            }
            if (id == null) {
                throw new InvalidReadingException("no Observation id");
            }
            int systolic = pressure(component(SYSTOLIC_CODE, SYSTOLIC, "systolic"), "systolic");
            if (systolic == Integer.MIN_VALUE) {
                return null;
            }
            int diastolic = pressure(component(DIASTOLIC_CODE, DIASTOLIC, "diastolic"), "diastolic");
            if (diastolic == Integer.MIN_VALUE) {
                return null;
            }
            PlausibleRanges.check(systolic, diastolic);
            if (subject == null || subject.isBlank()) {
                throw new InvalidReadingException("no subject");
            }
            if (!subject.startsWith(PATIENT_REFERENCE_PREFIX) || subject.length() == PATIENT_REFERENCE_PREFIX.length()) {
                throw new InvalidReadingException("subject is not a Patient/<id> reference");
            }
            String deviceId = device != null && device.startsWith(DEVICE_REFERENCE_PREFIX)
                    ? device.substring(DEVICE_REFERENCE_PREFIX.length()) : null;
            if (!effective) {
                throw new InvalidReadingException("no effective time");
            }
            return new BloodPressureReading(id, subject.substring(PATIENT_REFERENCE_PREFIX.length()), deviceId,
                    Instant.ofEpochMilli(effectiveMillis), systolic, diastolic);
        }

        /** The first component coded with the LOINC code, as the extractor picks it. */
        private Component component(int flag, String loincCode, String name) {
            for (Component candidate : components) {
                if ((candidate.codes & flag) != 0) {
                    return candidate;
                }
            }
            throw new InvalidReadingException("no " + name + " component (LOINC " + loincCode + ")");
        }

        /** mmHg, a refusal, or {@code Integer.MIN_VALUE} when HAPI's path must decide. */
        private int pressure(Component component, String name) {
            if (!component.hasValue) {
                throw new InvalidReadingException(name + " has no value");
            }
            if (!component.quantity || component.value == null) {
                // not a Quantity, or one without a number: "has no value" (an empty Quantity) or "not a numeric
                // Quantity" depends on HAPI's idea of empty, so HAPI's path says which
                return Integer.MIN_VALUE;
            }
            return ReadingExtractor.toMillimetresOfMercury(component.value, component.unit,
                    component.system != null && !StringUtils.isBlank(component.system), component.system, name);
        }
    }

    private static long once(long seen, Element element) {
        long bit = 1L << element.slot;
        expect((seen & bit) == 0); // a name twice (HAPI keeps the last) or two of one choice (HAPI refuses)
        return seen | bit;
    }

    private static void expect(boolean condition) {
        if (!condition) {
            throw NOT_SURE;
        }
    }
}
