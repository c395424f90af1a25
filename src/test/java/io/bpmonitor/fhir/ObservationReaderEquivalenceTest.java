package io.bpmonitor.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import org.junit.jupiter.api.Test;

/**
 * The new reader and HAPI's path ({@link HapiObservationReader}) on the same bytes: identical readings for seeded
 * simulator Observations and real-world-shaped ones (which the streaming pass must read without HAPI), and the same
 * decision, reason included, for thousands of seeded mutations of them.
 */
class ObservationReaderEquivalenceTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObservationReader reader = new ObservationReader(FHIR);
    private final HapiObservationReader hapi = new HapiObservationReader(FHIR);

    @Test
    void simulatorObservationsReadAlikeWithoutHapi() {
        List<Sent> sent = KnownReadings.generate(2_000, 11);
        for (Sent observation : sent) {
            BloodPressureReading reading = reader.read(observation.json());

            assertThat(reading).isEqualTo(hapi.read(observation.json()));
            assertThat(reading.observationId()).isEqualTo(observation.id());
            assertThat(reading.systolic()).isEqualTo(observation.systolic());
            assertThat(reading.diastolic()).isEqualTo(observation.diastolic());
        }
        assertThat(reader.handedToHapiCount()).isZero();
        assertThat(reader.streamedCount()).isEqualTo(2_000);
    }

    @Test
    void realWorldShapesReadAlikeWithoutHapi() {
        List<byte[]> observations = new ArrayList<>(RealWorldObservations.generate(2_000, 12));
        observations.addAll(RealWorldObservations.generateFull(100, 13));
        for (byte[] json : observations) {
            assertThat(reader.read(json)).as(text(json)).isEqualTo(hapi.read(json));
        }
        assertThat(reader.handedToHapiCount()).isZero();
    }

    /**
     * R4's example observation-example-bloodpressure-dar (its date given a time of day, its systolic a crisis): the
     * diastolic has a dataAbsentReason and no value. Both paths read it as a partial reading, the streaming one alone.
     */
    @Test
    void aPartialReadingReadsAlikeWithoutHapi() {
        byte[] json = ("""
                {"resourceType":"Observation","id":"blood-pressure-dar","meta":{"profile":
                ["http://hl7.org/fhir/StructureDefinition/vitalsigns"]},"status":"final",
                "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category",
                "code":"vital-signs","display":"Vital Signs"}]}],
                "code":{"coding":[{"system":"http://loinc.org","code":"85354-9","display":"Blood pressure panel"}]},
                "subject":{"reference":"Patient/example"},"effectiveDateTime":"2012-09-17T08:15:00+02:00",
                "component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},
                "valueQuantity":{"value":212,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}},
                {"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},
                "dataAbsentReason":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/data-absent-reason",
                "code":"not-performed","display":"Not Performed"}]}}]}""").getBytes(StandardCharsets.UTF_8);

        BloodPressureReading reading = reader.read(json);

        assertThat(reading).isEqualTo(hapi.read(json));
        assertThat(reading.systolicOrNull()).isEqualTo(212);
        assertThat(reading.diastolicOrNull()).isNull();
        assertThat(reader.handedToHapiCount()).isZero();
    }

    /** Seeded damage to real-world-shaped Observations: whatever HAPI's path decides, the reader decides too. */
    @Test
    void mutatedObservationsGetTheSameDecisionAndReason() {
        Random random = new Random(14);
        List<Sent> bases = KnownReadings.generate(600, 15);
        int read = 0;
        int refused = 0;
        for (int i = 0; i < 6_000; i++) {
            ObjectNode observation = RealWorldObservations.from(
                    RealWorldObservations.tree(bases.get(i % bases.size()).json()), random);
            int mutations = 1 + random.nextInt(2);
            for (int m = 0; m < mutations; m++) {
                if (random.nextBoolean()) {
                    mutate(observation, random);
                } else {
                    mutateKeepingTypes(observation, random);
                }
            }
            byte[] json = damageText(RealWorldObservations.bytes(observation), random);

            String expected = outcome(() -> hapi.read(json));
            assertThat(outcome(() -> reader.read(json))).as(text(json)).isEqualTo(expected);
            if (expected.startsWith("read")) {
                read++;
            } else {
                refused++;
            }
        }
        // the mutations reach every way out: read or refused, by the streaming pass or by HAPI
        long streamedReadings = reader.streamedCount();
        long handedToHapi = reader.handedToHapiCount();
        long streamedRefusals = 6_000 - streamedReadings - handedToHapi;
        assertThat(read).isGreaterThan(1_000);
        assertThat(refused).isGreaterThan(1_000);
        assertThat(streamedReadings).isGreaterThan(500).isLessThanOrEqualTo(read);
        assertThat(streamedRefusals).isGreaterThan(300);
        assertThat(handedToHapi).isGreaterThan(500);
    }

    private static String outcome(Supplier<BloodPressureReading> read) {
        try {
            return "read " + read.get();
        } catch (InvalidReadingException e) {
            return "refused: " + e.getMessage();
        } catch (RuntimeException e) {
            return "failed: " + e; // neither path should, and the test says so if they do
        }
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    // ---- mutations ----

    private static final String[] NAMES = {
        "status", "code", "subject", "device", "effectiveDateTime", "effectivePeriod", "effectiveInstant",
        "component", "valueQuantity", "valueString", "value", "unit", "system", "id", "extension",
        "modifierExtension", "contained", "_status", "fhir_comments", "resourceType", "subjectResource", "text", "div",
        "reference", "display", "coding", "url", "valueDecimal", "comparator", "meta", "note", "issued", "bodySite",
    };

    private static final Object[] VALUES = {
        "", " ", "final", "amended", "cancelled", "preliminary", "registered", "x", " x", "x ", "#x", "#",
        "Patient/", "Patient/p-9", " Patient/p-9", "Patient/p-9/_history/2", "Patient/p-9/_history/",
        "https://ehr.example/fhir/Patient/p-9", "https://ehr.example/fhir/Patient/p-9/_history/3", "https://Patient/",
        "urn:uuid:7d3b6a62-0b0e-4c8a-9d0e-3f5a1c2b4e6f", "Device/", "Device/d-1", "Group/g", "mm[Hg]", " mm[Hg] ", "kPa",
        "mmHg", "http://loinc.org", "http://loinc.org ", "http://unitsofmeasure.org", "85354-9", "35094-2", "55417-0", " 8480-6", "8462-4",
        "2026-11-29", "2026-11", "2026", "2026-11-29T10:00:00Z", "2026-11-29T10:00:00", "2026-11-29T10:00Z",
        "2026-02-30T10:00:00Z", "2024-02-29T23:59:59.999-14:00", "2026-11-29T10:00:60+01:00", "2026-11-29T24:00:00Z",
        "1582-10-10T10:00:00Z", "2026-11-29T10:00:00.1234567891Z", "2026-11-29 10:00:00Z",
        "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>", "<div>x</div>", "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>x</div>",
        "plain", "150", "1e2", "<", ">=", "generated", 0, -1, 1, 20, 120, 150.5, 12.5, 1e3, 1e12, -0.0, 0.04,
        true, false, null, "{}", "[]", "[{}]", "{\"url\":\"u\"}", "{\"url\":\"u\",\"valueString\":\"v\"}",
        "{\"reference\":\"Patient/p-2\"}", "{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}]}",
        "{\"value\":130,\"system\":\"http://unitsofmeasure.org\",\"code\":\"mm[Hg]\"}",
    };

    private static void mutate(ObjectNode root, Random random) {
        List<Object[]> places = new ArrayList<>(); // {container, key or index}
        collect(root, places);
        Object[] place = places.get(random.nextInt(places.size()));
        JsonNode container = (JsonNode) place[0];
        JsonNode current = container.isObject() ? container.get((String) place[1]) : container.get((Integer) place[1]);
        switch (random.nextInt(8)) {
            case 0 -> remove(container, place[1]);
            case 1, 2 -> set(container, place[1], value(random));
            case 3 -> {
                if (container.isObject()) {
                    ObjectNode object = (ObjectNode) container;
                    object.remove((String) place[1]);
                    object.set(random.nextBoolean() ? NAMES[random.nextInt(NAMES.length)] : "_" + place[1], current);
                } else {
                    set(container, place[1], value(random));
                }
            }
            case 4 -> set(container, place[1], current.isArray() && !current.isEmpty()
                    ? current.get(0) : NODES.arrayNode().add(current)); // unwrap / wrap
            case 5 -> {
                ObjectNode target = container.isObject() ? (ObjectNode) container : root;
                target.set(NAMES[random.nextInt(NAMES.length)], value(random));
            }
            case 6 -> {
                if (current.isTextual()) {
                    String text = current.asText();
                    set(container, place[1], NODES.textNode(switch (random.nextInt(4)) {
                        case 0 -> " " + text;
                        case 1 -> text.toUpperCase();
                        case 2 -> text + "\u00e9";
                        default -> text.isEmpty() ? text : text.substring(1);
                    }));
                } else if (current.isNumber()) {
                    set(container, place[1], switch (random.nextInt(4)) {
                        case 0 -> NODES.textNode(current.asText());
                        case 1 -> NODES.numberNode(current.decimalValue().negate());
                        case 2 -> NODES.numberNode(current.decimalValue().movePointRight(1 + random.nextInt(12)));
                        default -> NODES.numberNode(current.decimalValue().movePointLeft(1 + random.nextInt(3)));
                    });
                } else {
                    remove(container, place[1]);
                }
            }
            default -> {
                if (container.isArray() && !current.isNull()) {
                    ((ArrayNode) container).add(current.deepCopy()); // a repeat
                } else {
                    set(container, place[1], value(random));
                }
            }
        }
    }

    /** Damage a well-typed sender could do: drop a member, or give a string another string, a number a number. */
    private static void mutateKeepingTypes(ObjectNode root, Random random) {
        List<Object[]> places = new ArrayList<>();
        collect(root, places);
        Object[] place = places.get(random.nextInt(places.size()));
        JsonNode container = (JsonNode) place[0];
        JsonNode current = container.isObject() ? container.get((String) place[1]) : container.get((Integer) place[1]);
        if (random.nextInt(4) == 0 || current.isContainerNode()) {
            remove(container, place[1]);
            return;
        }
        JsonNode replacement;
        do {
            replacement = value(random);
        } while (replacement.getNodeType() != current.getNodeType());
        set(container, place[1], replacement);
    }

    private static void collect(JsonNode node, List<Object[]> places) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                places.add(new Object[] {node, member.getKey()});
                collect(member.getValue(), places);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                places.add(new Object[] {node, i});
                collect(node.get(i), places);
            }
        }
    }

    private static JsonNode value(Random random) {
        Object value = VALUES[random.nextInt(VALUES.length)];
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String text && (text.startsWith("{") || text.startsWith("["))) {
            return RealWorldObservations.tree(("{\"v\":" + text + "}").getBytes(StandardCharsets.UTF_8)).get("v");
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        return NODES.numberNode(new java.math.BigDecimal(value.toString()));
    }

    private static void set(JsonNode container, Object place, JsonNode value) {
        if (container.isObject()) {
            ((ObjectNode) container).set((String) place, value);
        } else {
            ((ArrayNode) container).set((Integer) place, value);
        }
    }

    private static void remove(JsonNode container, Object place) {
        if (container.isObject()) {
            ((ObjectNode) container).remove((String) place);
        } else {
            ((ArrayNode) container).remove((int) (Integer) place);
        }
    }

    /** Now and then damage only text can carry: a repeated key, laxer JSON, broken UTF-8, a BOM, a cut. */
    private static byte[] damageText(byte[] json, Random random) {
        if (random.nextInt(4) != 0) {
            return json;
        }
        String text = new String(json, StandardCharsets.UTF_8);
        return switch (random.nextInt(7)) {
            case 0 -> text.replaceFirst("\\{", "{\"status\":\"cancelled\",").getBytes(StandardCharsets.UTF_8);
            case 1 -> text.replaceFirst("\"status\":\"([a-z-]+)\"", "'status':'$1'").getBytes(StandardCharsets.UTF_8);
            case 2 -> text.replace("\"value\":", "\"value\":+").getBytes(StandardCharsets.UTF_8);
            case 3 -> ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
            case 4 -> text.substring(0, random.nextInt(text.length())).getBytes(StandardCharsets.UTF_8);
            case 5 -> ("\n\t " + text + " \r\n").getBytes(StandardCharsets.UTF_8);
            default -> {
                byte[] bytes = json.clone();
                int at = text.indexOf("Patient/");
                bytes[Math.max(at, 0)] = (byte) (random.nextBoolean() ? 0xC0 : 0xED);
                yield bytes;
            }
        };
    }
}
