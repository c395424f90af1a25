package io.bpmonitor.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static checks of the Kibana saved objects in {@code kibana/bp-monitor-dashboard.ndjson}: nobody can run
 * Kibana on the build machines, so the file is checked against the saved-object format (Lens by-reference
 * panels, {@code <panelIndex>:panel_<panelIndex>} dashboard references) and against the index mapping that
 * bp-monitor creates.
 */
class KibanaSavedObjectsTest {

    private static final Path BASE = Path.of(System.getProperty("basedir", "."));
    private static final Path NDJSON = BASE.resolve("kibana/bp-monitor-dashboard.ndjson");
    private static final Path MAPPING = BASE.resolve("src/main/resources/elasticsearch/bp_anomalies-index.json");
    private static final String RECORDS = "___records___";
    private static final Set<String> NUMBER_TYPES =
            Set.of("integer", "long", "short", "byte", "float", "double", "half_float", "scaled_float");
    private static final Set<String> AGGREGATABLE_TYPES = union(NUMBER_TYPES, Set.of("keyword", "date", "date_nanos", "boolean"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<JsonNode> objects;
    private static Map<String, String> fieldTypes;

    @BeforeAll
    static void load() throws IOException {
        objects = new ArrayList<>();
        List<String> lines = Files.readAllLines(NDJSON, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as("line %d is a JSON object", i + 1).isTrue();
            objects.add(node);
        }
        fieldTypes = new LinkedHashMap<>();
        JsonNode props = JSON.readTree(MAPPING.toFile()).path("mappings").path("properties");
        props.fields().forEachRemaining(e -> fieldTypes.put(e.getKey(), e.getValue().path("type").asText()));
        assertThat(fieldTypes).containsKeys("@timestamp", "patient_id", "systolic", "diastolic", "severity");
    }

    @Test
    void everyLineIsASavedObjectWithAUniqueId() {
        assertThat(objects).hasSizeGreaterThanOrEqualTo(6);
        Set<String> keys = new HashSet<>();
        for (JsonNode o : objects) {
            assertThat(o.path("id").asText()).as("id").isNotBlank();
            assertThat(o.path("type").asText()).as("type of %s", o.path("id")).isIn("index-pattern", "lens", "dashboard");
            assertThat(o.path("attributes").isObject()).as("attributes of %s", o.path("id")).isTrue();
            assertThat(o.path("references").isArray()).as("references of %s", o.path("id")).isTrue();
            assertThat(o.path("attributes").path("title").asText()).as("title of %s", o.path("id")).isNotBlank();
            assertThat(keys.add(key(o))).as("duplicate object %s", key(o)).isTrue();
        }
    }

    @Test
    void everyReferenceResolvesToAnObjectInTheFile() {
        Set<String> present = objects.stream().map(KibanaSavedObjectsTest::key).collect(Collectors.toSet());
        for (JsonNode o : objects) {
            Set<String> names = new HashSet<>();
            for (JsonNode ref : o.path("references")) {
                assertThat(ref.path("name").asText()).isNotBlank();
                assertThat(names.add(ref.path("name").asText())).as("reference names unique in %s", o.path("id")).isTrue();
                assertThat(present)
                        .as("reference %s of %s", ref, o.path("id"))
                        .contains(ref.path("type").asText() + "/" + ref.path("id").asText());
            }
        }
    }

    @Test
    void dataViewOnBpAnomaliesWithTimestampAndReadableLabels() throws IOException {
        List<JsonNode> views = ofType("index-pattern");
        assertThat(views).hasSize(1);
        JsonNode attrs = views.get(0).path("attributes");
        assertThat(attrs.path("title").asText()).isEqualTo("bp_anomalies");
        assertThat(attrs.path("timeFieldName").asText()).isEqualTo("@timestamp");
        assertThat(fieldTypes.get("@timestamp")).isEqualTo("date");

        JsonNode formats = JSON.readTree(attrs.path("fieldFormatMap").asText());
        for (Iterator<String> it = formats.fieldNames(); it.hasNext(); ) {
            assertThat(fieldTypes).as("formatted field").containsKey(it.next());
        }
        assertThat(lookup(formats, "hypertension_type"))
                .containsEntry("isolated_systolic", "Isolated systolic")
                .containsEntry("isolated_diastolic", "Isolated diastolic")
                .containsEntry("systolic_diastolic", "Systolic + diastolic")
                .hasSize(3);
        assertThat(lookup(formats, "grade")).containsKeys("grade_1", "grade_2", "grade_3").hasSize(3);
    }

    @Test
    void everyFieldUsedByAPanelExistsInTheMappingWithAnAggregatableType() {
        for (JsonNode lens : ofType("lens")) {
            String id = lens.path("id").asText();
            JsonNode layers = layers(lens);
            assertThat(layers.size()).as("layers of %s", id).isPositive();
            for (Iterator<Map.Entry<String, JsonNode>> it = layers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> layer = it.next();
                JsonNode columns = layer.getValue().path("columns");
                assertThat(columns.size()).as("columns of %s/%s", id, layer.getKey()).isPositive();
                Set<String> order = new HashSet<>();
                layer.getValue().path("columnOrder").forEach(c -> order.add(c.asText()));
                assertThat(order).as("columnOrder of %s", id).isEqualTo(names(columns));
                for (Iterator<Map.Entry<String, JsonNode>> cit = columns.fields(); cit.hasNext(); ) {
                    checkColumn(id, cit.next().getValue(), columns);
                }
            }
        }
    }

    private static void checkColumn(String lensId, JsonNode col, JsonNode columns) {
        String op = col.path("operationType").asText();
        String dataType = col.path("dataType").asText();
        String label = lensId + " / " + col.path("label").asText();
        assertThat(col.path("label").asText()).as("label in %s", lensId).isNotBlank();
        if (op.equals("static_value")) {
            assertThat(col.path("params").path("value").asText()).as(label).matches("-?\\d+(\\.\\d+)?");
            return;
        }
        String field = col.path("sourceField").asText();
        if (op.equals("count")) {
            assertThat(field).as(label).isIn(RECORDS, "");
            return;
        }
        assertThat(fieldTypes).as("field of %s", label).containsKey(field);
        String type = fieldTypes.get(field);
        assertThat(type).as("type of %s", field).isIn(AGGREGATABLE_TYPES);
        String kind = NUMBER_TYPES.contains(type) ? "number" : type.startsWith("date") ? "date" : "string";
        switch (op) {
            case "average", "sum", "median", "standard_deviation", "percentile" -> {
                assertThat(kind).as("numeric field for %s", label).isEqualTo("number");
                assertThat(dataType).as(label).isEqualTo("number");
            }
            case "max", "min" -> {
                assertThat(kind).as("number or date field for %s", label).isIn("number", "date");
                assertThat(dataType).as(label).isEqualTo(kind);
            }
            case "date_histogram" -> {
                assertThat(kind).as(label).isEqualTo("date");
                assertThat(col.path("isBucketed").asBoolean()).as(label).isTrue();
            }
            case "terms" -> {
                assertThat(kind).as(label).isIn("string", "number");
                assertThat(dataType).as(label).isEqualTo(kind);
                assertThat(col.path("isBucketed").asBoolean()).as(label).isTrue();
                JsonNode orderBy = col.path("params").path("orderBy");
                if (orderBy.path("type").asText().equals("column")) {
                    assertThat(names(columns)).as("orderBy column of %s", label).contains(orderBy.path("columnId").asText());
                }
            }
            case "last_value" -> {
                assertThat(dataType).as(label).isEqualTo(kind);
                String sortField = col.path("params").path("sortField").asText();
                assertThat(fieldTypes.get(sortField)).as("sortField of %s", label).isEqualTo("date");
            }
            case "unique_count" -> assertThat(dataType).as(label).isEqualTo("number");
            default -> throw new AssertionError("unexpected operation " + op + " in " + label);
        }
    }

    @Test
    void everyLensLayerReferencesTheDataViewAndEveryAccessorExists() {
        String dataViewId = ofType("index-pattern").get(0).path("id").asText();
        for (JsonNode lens : ofType("lens")) {
            String id = lens.path("id").asText();
            Map<String, String> refs = new HashMap<>();
            lens.path("references").forEach(r -> refs.put(r.path("name").asText(), r.path("type").asText() + "/" + r.path("id").asText()));
            JsonNode layers = layers(lens);
            Set<String> allColumns = new HashSet<>();
            for (Iterator<String> it = layers.fieldNames(); it.hasNext(); ) {
                String layerId = it.next();
                assertThat(refs)
                        .as("layer reference of %s", id)
                        .containsEntry("indexpattern-datasource-layer-" + layerId, "index-pattern/" + dataViewId);
                allColumns.addAll(names(layers.path(layerId).path("columns")));
            }
            List<String> accessors = accessors(lens);
            assertThat(accessors).as("accessors of %s", id).isNotEmpty();
            assertThat(allColumns).as("columns behind the accessors of %s", id).containsAll(accessors);
        }
    }

    @Test
    void theFourPanelKindsArePresent() {
        Set<String> kinds = ofType("lens").stream()
                .map(l -> l.path("attributes").path("visualizationType").asText())
                .collect(Collectors.toSet());
        assertThat(kinds).contains("lnsXY", "lnsPie", "lnsDatatable");
        assertThat(kinds).containsAnyOf("lnsGauge", "lnsMetric");
    }

    @Test
    void gaugesShowPeakAndAverageWithClinicalColourBands() {
        List<JsonNode> gauges = ofVisualization("lnsGauge");
        Map<String, Set<String>> opsByField = new HashMap<>();
        for (JsonNode g : gauges) {
            JsonNode vis = vis(g);
            JsonNode metric = column(g, vis.path("metricAccessor").asText());
            String field = metric.path("sourceField").asText();
            opsByField.computeIfAbsent(field, f -> new HashSet<>()).add(metric.path("operationType").asText());
            assertThat(vis.path("colorMode").asText()).isEqualTo("palette");
            List<Double> starts = new ArrayList<>();
            vis.path("palette").path("params").path("colorStops").forEach(s -> starts.add(s.path("stop").asDouble()));
            List<String> colours = new ArrayList<>();
            vis.path("palette").path("params").path("colorStops").forEach(s -> colours.add(s.path("color").asText()));
            assertThat(new HashSet<>(colours)).as("four distinct band colours in %s", g.path("id")).hasSize(4);
            if (field.equals("systolic")) {
                assertThat(starts.subList(1, 4)).as("systolic bands of %s", g.path("id")).containsExactly(140.0, 160.0, 180.0);
            } else if (field.equals("diastolic")) {
                assertThat(starts.subList(1, 4)).as("diastolic bands of %s", g.path("id")).containsExactly(90.0, 100.0, 110.0);
            } else {
                throw new AssertionError("gauge on unexpected field " + field);
            }
        }
        assertThat(opsByField.get("systolic")).containsExactlyInAnyOrder("max", "average");
        assertThat(opsByField.get("diastolic")).containsExactlyInAnyOrder("max", "average");
    }

    @Test
    void trendIsALineChartOverTimeWithThe140And90Thresholds() {
        List<JsonNode> xys = ofVisualization("lnsXY");
        assertThat(xys).hasSize(1);
        JsonNode xy = xys.get(0);
        JsonNode dataLayer = null;
        Set<Double> thresholds = new HashSet<>();
        for (JsonNode l : vis(xy).path("layers")) {
            if (l.path("layerType").asText().equals("data")) {
                dataLayer = l;
            } else if (l.path("layerType").asText().equals("referenceLine")) {
                for (JsonNode a : l.path("accessors")) {
                    JsonNode c = column(xy, a.asText());
                    assertThat(c.path("operationType").asText()).isEqualTo("static_value");
                    thresholds.add(c.path("params").path("value").asDouble());
                }
            }
        }
        assertThat(dataLayer).isNotNull();
        assertThat(dataLayer.path("seriesType").asText()).startsWith("line");
        JsonNode x = column(xy, dataLayer.path("xAccessor").asText());
        assertThat(x.path("operationType").asText()).isEqualTo("date_histogram");
        assertThat(x.path("sourceField").asText()).isEqualTo("@timestamp");
        Set<String> series = new HashSet<>();
        dataLayer.path("accessors").forEach(a -> {
            JsonNode c = column(xy, a.asText());
            series.add(c.path("operationType").asText() + ":" + c.path("sourceField").asText());
        });
        assertThat(series).contains("max:systolic", "average:systolic", "max:diastolic", "average:diastolic");
        assertThat(thresholds).contains(140.0, 90.0);
    }

    @Test
    void pieCountsByHypertensionType() {
        Set<String> groupFields = new HashSet<>();
        for (JsonNode pie : ofVisualization("lnsPie")) {
            for (JsonNode l : vis(pie).path("layers")) {
                for (JsonNode g : l.path("primaryGroups")) {
                    JsonNode c = column(pie, g.asText());
                    assertThat(c.path("operationType").asText()).isEqualTo("terms");
                    groupFields.add(c.path("sourceField").asText());
                }
                assertThat(l.path("metrics")).isNotEmpty();
                assertThat(column(pie, l.path("metrics").get(0).asText()).path("operationType").asText()).isEqualTo("count");
            }
        }
        assertThat(groupFields).contains("hypertension_type");
    }

    @Test
    void triageTableIsTheTop5PatientsByMaxSeverity() {
        List<JsonNode> tables = ofVisualization("lnsDatatable");
        assertThat(tables).hasSize(1);
        JsonNode table = tables.get(0);
        JsonNode terms = null;
        List<String> shown = new ArrayList<>();
        for (JsonNode c : vis(table).path("columns")) {
            JsonNode col = column(table, c.path("columnId").asText());
            shown.add(col.path("operationType").asText() + ":" + col.path("sourceField").asText());
            if (col.path("operationType").asText().equals("terms")) {
                assertThat(terms).as("a single terms column").isNull();
                terms = col;
            }
        }
        assertThat(terms).isNotNull();
        assertThat(terms.path("sourceField").asText()).isEqualTo("patient_id");
        JsonNode params = terms.path("params");
        assertThat(params.path("size").asInt()).isEqualTo(5);
        assertThat(params.path("orderDirection").asText()).isEqualTo("desc");
        assertThat(params.path("otherBucket").asBoolean()).isFalse();
        JsonNode orderBy = column(table, params.path("orderBy").path("columnId").asText());
        assertThat(orderBy.path("operationType").asText() + ":" + orderBy.path("sourceField").asText()).isEqualTo("max:severity");
        assertThat(shown).contains("max:systolic", "max:diastolic", "max:severity", "max:@timestamp");
    }

    @Test
    void dashboardReferencesEveryPanelAndRestoresTimeAndRefresh() throws IOException {
        List<JsonNode> dashboards = ofType("dashboard");
        assertThat(dashboards).hasSize(1);
        JsonNode d = dashboards.get(0);
        JsonNode attrs = d.path("attributes");
        assertThat(attrs.path("title").asText()).isEqualTo("Blood pressure \u2014 clinical supervision");
        assertThat(attrs.path("timeRestore").asBoolean()).isTrue();
        assertThat(attrs.path("timeFrom").asText()).isEqualTo("now-15m");
        assertThat(attrs.path("timeTo").asText()).isEqualTo("now");
        assertThat(attrs.path("refreshInterval").path("pause").asBoolean()).isFalse();
        assertThat(attrs.path("refreshInterval").path("value").asLong()).isBetween(5_000L, 10_000L);
        JSON.readTree(attrs.path("optionsJSON").asText());
        JSON.readTree(attrs.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());

        Map<String, String> refs = new HashMap<>();
        d.path("references").forEach(r -> refs.put(r.path("name").asText(), r.path("type").asText() + "/" + r.path("id").asText()));
        JsonNode panels = JSON.readTree(attrs.path("panelsJSON").asText());
        assertThat(panels.isArray()).isTrue();
        Set<String> panelTargets = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode p : panels) {
            String index = p.path("panelIndex").asText();
            assertThat(index).isNotBlank();
            assertThat(p.path("type").asText()).isEqualTo("lens");
            assertThat(p.path("gridData").path("i").asText()).isEqualTo(index);
            String refName = p.path("panelRefName").asText();
            assertThat(refName).isEqualTo("panel_" + index);
            String target = refs.get(index + ":" + refName);
            assertThat(target).as("dashboard reference for panel %s", index).isNotNull().startsWith("lens/");
            panelTargets.add(target);
            JsonNode g = p.path("gridData");
            int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
            assertThat(box[2]).isPositive();
            assertThat(box[3]).isPositive();
            assertThat(box[0] + box[2]).as("panel %s fits the 48-column grid", index).isLessThanOrEqualTo(48);
            for (int[] other : boxes) {
                boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
                        && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                assertThat(overlap).as("panel %s overlaps another", index).isFalse();
            }
            boxes.add(box);
        }
        Set<String> lensObjects = ofType("lens").stream().map(KibanaSavedObjectsTest::key).collect(Collectors.toSet());
        assertThat(panelTargets).as("every Lens object is on the dashboard").isEqualTo(lensObjects);
        assertThat(refs.values()).as("no dangling dashboard reference").allMatch(panelTargets::contains);
    }

    // ---- helpers ----

    private static List<JsonNode> ofType(String type) {
        return objects.stream().filter(o -> o.path("type").asText().equals(type)).collect(Collectors.toList());
    }

    private static List<JsonNode> ofVisualization(String visualizationType) {
        return ofType("lens").stream()
                .filter(o -> o.path("attributes").path("visualizationType").asText().equals(visualizationType))
                .collect(Collectors.toList());
    }

    private static JsonNode vis(JsonNode lens) {
        return lens.path("attributes").path("state").path("visualization");
    }

    private static JsonNode layers(JsonNode lens) {
        JsonNode states = lens.path("attributes").path("state").path("datasourceStates");
        JsonNode formBased = states.has("formBased") ? states.path("formBased") : states.path("indexpattern");
        return formBased.path("layers");
    }

    private static JsonNode column(JsonNode lens, String columnId) {
        JsonNode layers = layers(lens);
        for (Iterator<String> it = layers.fieldNames(); it.hasNext(); ) {
            JsonNode c = layers.path(it.next()).path("columns").path(columnId);
            if (!c.isMissingNode()) {
                return c;
            }
        }
        throw new AssertionError("no column " + columnId + " in " + lens.path("id"));
    }

    private static List<String> accessors(JsonNode lens) {
        JsonNode vis = vis(lens);
        List<String> ids = new ArrayList<>();
        for (String k : List.of("metricAccessor", "minAccessor", "maxAccessor", "goalAccessor", "accessor")) {
            if (vis.hasNonNull(k)) {
                ids.add(vis.path(k).asText());
            }
        }
        vis.path("columns").forEach(c -> ids.add(c.path("columnId").asText()));
        for (JsonNode l : vis.path("layers")) {
            l.path("accessors").forEach(a -> ids.add(a.asText()));
            l.path("primaryGroups").forEach(a -> ids.add(a.asText()));
            l.path("metrics").forEach(a -> ids.add(a.asText()));
            if (l.hasNonNull("xAccessor")) {
                ids.add(l.path("xAccessor").asText());
            }
            if (l.hasNonNull("splitAccessor")) {
                ids.add(l.path("splitAccessor").asText());
            }
        }
        return ids;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, String> lookup(JsonNode formats, String field) {
        JsonNode f = formats.path(field);
        assertThat(f.path("id").asText()).as("format of %s", field).isEqualTo("static_lookup");
        Map<String, String> m = new LinkedHashMap<>();
        f.path("params").path("lookupEntries").forEach(e -> m.put(e.path("key").asText(), e.path("value").asText()));
        return m;
    }

    private static String key(JsonNode o) {
        return o.path("type").asText() + "/" + o.path("id").asText();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }
}
