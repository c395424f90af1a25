package io.bpmonitor.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.testing.KnownReadings.Sent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Records the detector must refuse, one per kind of fault, each derived from a valid blood-pressure Observation by
 * one change (so the change alone is what makes it bad). Each carries a key and producer headers of its own, which
 * the dead letter must keep.
 */
public final class PoisonCorpus {

    public static final String KIND_HEADER = "x-poison-kind";
    public static final String GATEWAY_HEADER = "x-gateway";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One bad record: {@code value} may be null (a tombstone). */
    public record Poison(String kind, String key, byte[] value) {
        public ProducerRecord<String, byte[]> record(String topic) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(KIND_HEADER, kind.getBytes(StandardCharsets.UTF_8));
            headers.add(GATEWAY_HEADER, ("gateway-" + kind.length()).getBytes(StandardCharsets.UTF_8));
            return new ProducerRecord<>(topic, null, key, value, headers);
        }
    }

    private PoisonCorpus() {
    }

    /** Valid Observations in kPa, which the detector converts: 20 kPa = 150 mmHg, 12.5 kPa = 94 mmHg. */
    public static Sent kilopascalReading(Sent base) {
        return new Sent("kpa-" + base.id(), base.patientId(), 150, 94, mutate(base, "kpa-" + base.id(), o -> {
            quantity(o, 0).put("value", 20).put("unit", "kPa").put("code", "kPa");
            quantity(o, 1).put("value", 12.5).put("unit", "kPa").put("code", "kPa");
        }));
    }

    /** At least 20 kinds of bad input, derived from {@code base} (a valid reading) and the size limit. */
    public static List<Poison> of(Sent base, int maxMessageBytes) {
        List<Poison> corpus = new ArrayList<>();
        add(corpus, "not-json", "this is not { json".getBytes(StandardCharsets.UTF_8));
        add(corpus, "binary-garbage", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80});
        add(corpus, "json-array", "[1, 2, 3]".getBytes(StandardCharsets.UTF_8));
        add(corpus, "json-not-fhir", "{\"sys\": 150, \"dia\": 95}".getBytes(StandardCharsets.UTF_8));
        add(corpus, "patient-resource",
                "{\"resourceType\":\"Patient\",\"id\":\"p-1\",\"active\":true}".getBytes(StandardCharsets.UTF_8));
        add(corpus, "empty-record", new byte[0]);
        add(corpus, "tombstone", null);
        mutation(corpus, base, "other-loinc-code", o -> ((ObjectNode) o.at("/code/coding/0")).put("code", "8867-4"));
        // a reading missing one value is a partial reading, read; missing both, it is nothing
        mutation(corpus, base, "no-values", o -> {
            components(o).remove(1);
            ((ObjectNode) components(o).get(0)).remove("valueQuantity");
        });
        mutation(corpus, base, "string-value", o -> {
            ObjectNode component = (ObjectNode) components(o).get(0);
            component.remove("valueQuantity");
            component.put("valueString", "150");
        });
        mutation(corpus, base, "quantity-without-number", o -> quantity(o, 0).remove("value"));
        mutation(corpus, base, "non-numeric-number", o -> quantity(o, 1).put("value", "high"));
        mutation(corpus, base, "unit-cm-hg", o -> quantity(o, 0).put("unit", "cmHg").put("code", "cm[Hg]"));
        mutation(corpus, base, "unit-mmhg-not-ucum-code", o -> quantity(o, 1).put("code", "mmHg"));
        mutation(corpus, base, "unit-system-not-ucum", o -> quantity(o, 0).put("system", "http://example.org/units"));
        mutation(corpus, base, "systolic-not-above-diastolic", o -> {
            quantity(o, 0).put("value", 85);
            quantity(o, 1).put("value", 95);
        });
        mutation(corpus, base, "systolic-too-high", o -> quantity(o, 0).put("value", 420));
        mutation(corpus, base, "diastolic-too-low", o -> {
            quantity(o, 0).put("value", 150);
            quantity(o, 1).put("value", 5);
        });
        mutation(corpus, base, "value-overflow", o -> quantity(o, 0).put("value", new java.math.BigDecimal("1e12")));
        mutation(corpus, base, "no-subject", o -> o.remove("subject"));
        mutation(corpus, base, "subject-not-patient", o -> ((ObjectNode) o.get("subject")).put("reference", "Group/ward-3"));
        mutation(corpus, base, "no-effective", o -> o.remove("effectiveDateTime"));
        mutation(corpus, base, "date-only-effective", o -> o.put("effectiveDateTime", "2026-11-29"));
        mutation(corpus, base, "effective-instant", o -> {
            o.remove("effectiveDateTime");
            o.put("effectiveInstant", "2026-11-29T10:00:00Z");
        });
        mutation(corpus, base, "unparsable-effective", o -> o.put("effectiveDateTime", "yesterday at noon"));
        mutation(corpus, base, "status-cancelled", o -> o.put("status", "cancelled"));
        mutation(corpus, base, "no-id", o -> o.remove("id"));
        mutation(corpus, base, "unknown-element", o -> o.put("bloodPressureMood", "grumpy"));
        mutation(corpus, base, "oversized", o -> o.putArray("note").addObject()
                .put("text", "x".repeat(maxMessageBytes + 1)));
        return corpus;
    }

    private static void add(List<Poison> corpus, String kind, byte[] value) {
        corpus.add(new Poison(kind, "key-" + kind, value));
    }

    private static void mutation(List<Poison> corpus, Sent base, String kind, Consumer<ObjectNode> change) {
        add(corpus, kind, mutate(base, idOf(kind, base), change));
    }

    /** The Observation id of a kind's mutation of {@code base}: an R4 id (64 characters at most) telling bases apart. */
    public static String idOf(String kind, Sent base) {
        return "poison-" + kind + "-" + Integer.toHexString(base.id().hashCode());
    }

    private static byte[] mutate(Sent base, String id, Consumer<ObjectNode> change) {
        try {
            ObjectNode observation = (ObjectNode) JSON.readTree(base.json());
            observation.put("id", id);
            change.accept(observation);
            return JSON.writeValueAsBytes(observation);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ArrayNode components(ObjectNode observation) {
        return (ArrayNode) observation.get("component");
    }

    private static ObjectNode quantity(ObjectNode observation, int component) {
        return (ObjectNode) components(observation).get(component).get("valueQuantity");
    }
}
