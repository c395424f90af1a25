package io.bpmonitor.board;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.rules.Grade;
import io.bpmonitor.rules.HypertensionClassifier;
import io.bpmonitor.rules.HypertensionType;
import io.bpmonitor.testing.EsHttp;
import io.bpmonitor.testing.SharedStack;

/**
 * Anomaly documents written straight into an index, at times relative to now, and what the board must say about any
 * window of them, computed here independently of Elasticsearch.
 */
final class KnownAnomalies {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Doc(String patientId, int systolic, int diastolic, Instant time) {
        double severity() {
            return HypertensionClassifier.severity(systolic, diastolic);
        }

        String type() {
            return HypertensionType.of(systolic, diastolic).code();
        }

        String grade() {
            return Grade.of(systolic, diastolic).code();
        }
    }

    /** One expected row of the triage table. */
    record Row(String patientId, double maxSeverity, Doc worst, Doc latest, long anomalies) {
    }

    private final List<Doc> docs;

    KnownAnomalies(List<Doc> docs) {
        this.docs = List.copyOf(docs);
    }

    /**
     * A ward where the 15-minute top 5 has a tie on severity (broken by patient id), a patient whose worst reading is
     * not the latest, patients only inside the 1-hour window, and one outside every window.
     */
    static KnownAnomalies ward(Instant now) {
        List<Doc> docs = new ArrayList<>();
        docs.add(new Doc("patient-a", 190, 100, now.minus(Duration.ofMinutes(9))));   // 3.5, worst
        docs.add(new Doc("patient-a", 150, 85, now.minus(Duration.ofSeconds(60))));   // 1.5, latest
        docs.add(new Doc("patient-b", 150, 115, now.minus(Duration.ofMinutes(10))));  // 3.5: ties with a
        docs.add(new Doc("patient-c", 182, 95, now.minus(Duration.ofSeconds(120))));  // 3.1, worst
        docs.add(new Doc("patient-c", 145, 88, now.minus(Duration.ofSeconds(90))));   // 1.25, latest
        docs.add(new Doc("patient-d", 170, 99, now.minus(Duration.ofMinutes(11))));   // 2.5, worst
        docs.add(new Doc("patient-d", 142, 92, now.minus(Duration.ofSeconds(150))));  // 1.2, latest
        docs.add(new Doc("patient-e", 141, 70, now.minus(Duration.ofSeconds(100))));  // 1.05, isolated systolic
        docs.add(new Doc("patient-f", 130, 95, now.minus(Duration.ofSeconds(140))));  // 1.5, isolated diastolic
        docs.add(new Doc("patient-g", 160, 89, now.minus(Duration.ofMinutes(7))));    // 2.0
        docs.add(new Doc("patient-h", 200, 120, now.minus(Duration.ofMinutes(30))));  // 4.0, only in 1 h
        docs.add(new Doc("patient-h", 176, 104, now.minus(Duration.ofMinutes(35))));  // only in 1 h
        docs.add(new Doc("patient-i", 210, 130, now.minus(Duration.ofHours(2))));     // in no window
        return new KnownAnomalies(docs);
    }

    /** Indexes every document, visible to search on return. */
    void indexInto(String index) throws Exception {
        StringBuilder bulk = new StringBuilder();
        for (Doc doc : docs) {
            ObjectNode source = JSON.createObjectNode();
            source.put("@timestamp", doc.time().toString());
            source.put("observation_id", UUID.randomUUID().toString());
            source.put("patient_id", doc.patientId());
            source.put("device_id", "cuff-test");
            source.put("systolic", doc.systolic());
            source.put("diastolic", doc.diastolic());
            source.put("mean_arterial_pressure", Math.round((doc.systolic() + 2.0 * doc.diastolic()) / 3.0 * 10) / 10.0);
            source.put("hypertension_type", doc.type());
            source.put("grade", doc.grade());
            source.put("severity", doc.severity());
            source.put("ingested_at", doc.time().toString());
            bulk.append("{\"index\":{}}\n").append(source).append('\n');
        }
        EsHttp.Response response = SharedStack.es().post("/" + index + "/_bulk?refresh=true", bulk.toString());
        if (!response.ok() || JSON.readTree(response.body()).path("errors").asBoolean()) {
            throw new IllegalStateException("bulk failed: " + response.status() + " " + response.body());
        }
    }

    List<Doc> in(Instant from, Instant to) {
        return docs.stream().filter(d -> !d.time().isBefore(from) && !d.time().isAfter(to)).toList();
    }

    static int maxSystolic(List<Doc> docs) {
        return docs.stream().mapToInt(Doc::systolic).max().orElseThrow();
    }

    static int maxDiastolic(List<Doc> docs) {
        return docs.stream().mapToInt(Doc::diastolic).max().orElseThrow();
    }

    static double avgSystolic(List<Doc> docs) {
        return docs.stream().mapToInt(Doc::systolic).average().orElseThrow();
    }

    static double avgDiastolic(List<Doc> docs) {
        return docs.stream().mapToInt(Doc::diastolic).average().orElseThrow();
    }

    static Map<String, Long> kinds(List<Doc> docs) {
        return docs.stream().collect(Collectors.groupingBy(Doc::type, TreeMap::new, Collectors.counting()));
    }

    /** The top 5 by worst severity, ties by patient id. */
    static List<Row> top5(List<Doc> docs) {
        Map<String, List<Doc>> byPatient = docs.stream()
                .collect(Collectors.groupingBy(Doc::patientId, LinkedHashMap::new, Collectors.toList()));
        return byPatient.entrySet().stream()
                .map(e -> new Row(e.getKey(),
                        e.getValue().stream().mapToDouble(Doc::severity).max().orElseThrow(),
                        e.getValue().stream().max(Comparator.comparingDouble(Doc::severity)
                                .thenComparing(Doc::time)).orElseThrow(),
                        e.getValue().stream().max(Comparator.comparing(Doc::time)).orElseThrow(),
                        e.getValue().size()))
                .sorted(Comparator.comparingDouble(Row::maxSeverity).reversed().thenComparing(Row::patientId))
                .limit(5)
                .toList();
    }
}
