package io.bpmonitor.fhir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;

/**
 * Blood-pressure Observations shaped like the ones hospital systems and device gateways send, built with Jackson from
 * valid simulator Observations: the same reading, plus what the simulator leaves out — meta with versions and tags, a
 * narrative, extensions (body position, cuff size, a nested device extension), identifiers, encounter, performers,
 * issued, interpretation, notes, body site, method, a named device, a SNOMED coding next to LOINC, a third component
 * (mean pressure, a decimal), reference ranges, the effective time in other offsets and with microseconds, keys in
 * another order. All of it valid R4; which extras an Observation gets is drawn from the seed.
 */
public final class RealWorldObservations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SNOMED = "http://snomed.info/sct";
    private static final String XHTML_DIV = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";

    private RealWorldObservations() {
    }

    /** {@code count} real-world-shaped Observations from {@code count} seeded simulator ones. */
    public static List<byte[]> generate(int count, long seed) {
        Random random = new Random(seed);
        List<byte[]> observations = new ArrayList<>(count);
        for (Sent sent : KnownReadings.generate(count, seed)) {
            observations.add(bytes(from(tree(sent.json()), random)));
        }
        return observations;
    }

    /** Every extra at once, the narrative with markup: the richest shape. */
    public static List<byte[]> generateFull(int count, long seed) {
        return generateFull(count, seed, true);
    }

    /** Every extra at once; the narrative with markup (a table, a link) or as plain text in the div. */
    public static List<byte[]> generateFull(int count, long seed, boolean narrativeMarkup) {
        List<byte[]> observations = new ArrayList<>(count);
        for (Sent sent : KnownReadings.generate(count, seed)) {
            observations.add(bytes(full(tree(sent.json()), narrativeMarkup)));
        }
        return observations;
    }

    static ObjectNode tree(byte[] json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random selection of the extras. */
    static ObjectNode from(ObjectNode observation, Random random) {
        if (random.nextBoolean()) {
            meta(observation);
        }
        switch (random.nextInt(3)) {
            case 0 -> narrative(observation, true);
            case 1 -> narrative(observation, false);
            default -> { }
        }
        if (random.nextBoolean()) {
            extensions(observation);
        }
        if (random.nextBoolean()) {
            context(observation);
        }
        if (random.nextBoolean()) {
            clinicalDetail(observation);
        }
        if (random.nextBoolean()) {
            snomedCoding(observation);
        }
        if (random.nextBoolean()) {
            meanPressureAndRanges(observation);
        }
        if (random.nextBoolean()) {
            otherOffset(observation, random);
        }
        if (random.nextBoolean()) {
            decimalValues(observation);
        }
        return random.nextInt(4) == 0 ? reordered(observation, random) : observation;
    }

    static ObjectNode full(ObjectNode observation, boolean narrativeMarkup) {
        meta(observation);
        narrative(observation, narrativeMarkup);
        extensions(observation);
        context(observation);
        clinicalDetail(observation);
        snomedCoding(observation);
        meanPressureAndRanges(observation);
        return observation;
    }

    private static void meta(ObjectNode observation) {
        ObjectNode meta = (ObjectNode) observation.get("meta");
        meta.put("versionId", "3").put("lastUpdated", "2026-11-29T10:15:31.123+00:00").put("source", "#gw-ward-7");
        ((ArrayNode) meta.get("profile"))
                .add("http://hl7.org/fhir/us/core/StructureDefinition/us-core-blood-pressure");
        meta.putArray("security").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/v3-Confidentiality").put("code", "N")
                .put("display", "normal");
        meta.putArray("tag").addObject().put("system", "http://example.org/fhir/tags").put("code", "device-feed");
    }

    private static void narrative(ObjectNode observation, boolean markup) {
        String systolic = quantity(observation, 0).get("value").asText();
        String diastolic = quantity(observation, 1).get("value").asText();
        String div = markup
                ? XHTML_DIV + "<p><b>Blood pressure</b> " + systolic + "/" + diastolic + " mmHg</p>"
                        + "<table><tr><td>Position</td><td>sitting</td></tr><tr><td>Cuff</td><td>adult, left arm</td>"
                        + "</tr></table><p>Source: <a href=\"https://example.org/devices\">ward gateway</a></p></div>"
                : XHTML_DIV + "Blood pressure " + systolic + "/" + diastolic + " mmHg, sitting, left arm</div>";
        observation.putObject("text").put("status", "generated").put("div", div);
    }

    private static void extensions(ObjectNode observation) {
        ArrayNode extensions = observation.putArray("extension");
        ObjectNode position = extensions.addObject()
                .put("url", "http://hl7.org/fhir/StructureDefinition/observation-bodyPosition");
        position.putObject("valueCodeableConcept").putArray("coding").addObject().put("system", SNOMED)
                .put("code", "33586001").put("display", "Sitting position");
        extensions.addObject().put("url", "http://example.org/fhir/StructureDefinition/cuff-size")
                .put("valueString", "adult");
        ObjectNode device = extensions.addObject().put("url", "http://example.org/fhir/StructureDefinition/device-state");
        ArrayNode parts = device.putArray("extension");
        parts.addObject().put("url", "serial").put("valueString", "SN-4711-0042");
        parts.addObject().put("url", "battery").put("valueDecimal", new BigDecimal("87.5"));
        parts.addObject().put("url", "calibrated").put("valueDate", "2026-06-01");
        parts.addObject().put("url", "cuffInflations").put("valueInteger", 4812);
    }

    private static void context(ObjectNode observation) {
        String patient = observation.get("subject").get("reference").asText();
        observation.putArray("identifier").addObject().put("use", "official").put("system", "urn:ietf:rfc:3986")
                .put("value", "urn:uuid:" + observation.get("id").asText());
        observation.putArray("basedOn").addObject().put("reference", "ServiceRequest/bp-monitoring-12");
        observation.putObject("encounter").put("reference", "Encounter/enc-2026-7741").put("display", "Ward stay");
        observation.put("issued", "2026-11-29T10:15:32.001Z");
        ArrayNode performers = observation.putArray("performer");
        performers.addObject().put("reference", "Practitioner/pr-5").put("display", "Nurse J. Doe");
        performers.addObject().put("reference", patient);
        if (observation.has("device")) {
            ((ObjectNode) observation.get("device")).put("display", "Upper-arm monitor, ward 7");
        }
    }

    private static void clinicalDetail(ObjectNode observation) {
        ObjectNode interpretation = observation.putArray("interpretation").addObject();
        interpretation.putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation")
                .put("code", "H").put("display", "High");
        interpretation.put("text", "Above high normal");
        observation.putArray("note").addObject().put("authorString", "ward gateway")
                .put("time", "2026-11-29T10:16:00+01:00")
                .put("text", "Patient anxious; *repeated* after 5 minutes (Kreislauf stabil, 37 °C)");
        observation.putObject("bodySite").putArray("coding").addObject().put("system", SNOMED)
                .put("code", "368208006").put("display", "Left upper arm structure");
        ObjectNode method = observation.putObject("method");
        method.putArray("coding").addObject().put("system", SNOMED).put("code", "37931006")
                .put("display", "Auscultation");
        method.put("text", "oscillometric");
        ObjectNode category = (ObjectNode) observation.get("category").get(0);
        category.put("text", "Vital Signs");
    }

    private static void snomedCoding(ObjectNode observation) {
        ArrayNode codings = (ArrayNode) observation.get("code").get("coding");
        codings.insertObject(0).put("system", SNOMED).put("code", "75367002").put("display", "Blood pressure")
                .put("userSelected", false);
        ((ObjectNode) codings.get(1)).put("version", "2.77");
    }

    private static void meanPressureAndRanges(ObjectNode observation) {
        ArrayNode components = (ArrayNode) observation.get("component");
        double mean = (quantity(observation, 0).get("value").asDouble()
                + 2 * quantity(observation, 1).get("value").asDouble()) / 3;
        ObjectNode meanPressure = components.addObject();
        meanPressure.putObject("code").putArray("coding").addObject().put("system", BloodPressureCodes.LOINC)
                .put("code", "8478-0").put("display", "Mean blood pressure");
        millimetres(meanPressure.putObject("valueQuantity"), new BigDecimal(mean).setScale(1,
                java.math.RoundingMode.HALF_UP));
        for (int i = 0; i < 2; i++) {
            ObjectNode component = (ObjectNode) components.get(i);
            ObjectNode range = component.putArray("referenceRange").addObject();
            millimetres(range.putObject("low"), BigDecimal.valueOf(i == 0 ? 90 : 60));
            millimetres(range.putObject("high"), BigDecimal.valueOf(i == 0 ? 139 : 89));
            range.put("text", "normal, adult");
            component.putArray("interpretation").addObject().putArray("coding").addObject()
                    .put("system", "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation")
                    .put("code", "N");
        }
    }

    private static void millimetres(ObjectNode quantity, BigDecimal value) {
        quantity.put("value", value).put("unit", "mmHg").put("system", BloodPressureCodes.UCUM)
                .put("code", BloodPressureCodes.MM_HG);
    }

    /** The same instant as UTC with microseconds, or in India's offset. */
    private static void otherOffset(ObjectNode observation, Random random) {
        OffsetDateTime at = OffsetDateTime.parse(observation.get("effectiveDateTime").asText());
        String text = random.nextBoolean()
                ? at.withOffsetSameInstant(ZoneOffset.UTC).plusNanos(456_000)
                        .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'"))
                : at.withOffsetSameInstant(ZoneOffset.ofHoursMinutes(5, 30))
                        .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx"));
        observation.put("effectiveDateTime", text);
    }

    /** Device gateways that send 152.0 rather than 152. */
    private static void decimalValues(ObjectNode observation) {
        for (int i = 0; i < 2; i++) {
            ObjectNode quantity = quantity(observation, i);
            quantity.put("value", new BigDecimal(quantity.get("value").asText()).setScale(1));
        }
    }

    /** The same members in a random order, resourceType not first. */
    private static ObjectNode reordered(ObjectNode observation, Random random) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = observation.fields(); it.hasNext(); ) {
            members.add(it.next());
        }
        java.util.Collections.shuffle(members, random);
        Map<String, JsonNode> ordered = new LinkedHashMap<>();
        members.forEach(member -> ordered.put(member.getKey(), member.getValue()));
        ObjectNode result = JSON.createObjectNode();
        result.setAll(ordered);
        return result;
    }

    private static ObjectNode quantity(ObjectNode observation, int component) {
        return (ObjectNode) observation.get("component").get(component).get("valueQuantity");
    }
}
