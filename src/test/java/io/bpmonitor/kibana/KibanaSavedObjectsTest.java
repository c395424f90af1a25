package io.bpmonitor.kibana;

import static org.assertj.core.api.Assertions.assertThat;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.alerts.AlertKind;
import io.bpmonitor.fhir.PlausibleRanges;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static checks of the Kibana saved objects in {@code kibana/bp-monitor-dashboard.ndjson}: nobody can run
 * Kibana on the build machines, so the file is checked against the rules Kibana 9.2 applies on import (each check
 * names the file of the elastic/kibana repository it mirrors) and against the index mappings the panels read.
 */
class KibanaSavedObjectsTest {

    private static final Path BASE = Path.of(System.getProperty("basedir", "."));
    private static final Path NDJSON = BASE.resolve("kibana/bp-monitor-dashboard.ndjson");
    private static final Path MAPPING = BASE.resolve("src/main/resources/elasticsearch/bp_anomalies-index.json");
    private static final String ANOMALIES = "bp_anomalies";
    private static final String ALERTS = "bp_alerts";
    private static final Path ALERTS_MAPPING = BASE.resolve("src/main/resources/elasticsearch/bp_alerts-index.json");
    private static final String PATIENT_DAYS = "bp_patient_days";
    private static final Path PATIENT_DAYS_MAPPING =
            BASE.resolve("src/main/resources/elasticsearch/bp_patient_days-index.json");
    private static final String RECORDS = "___records___";
    private static final Set<String> NUMBER_TYPES =
            Set.of("integer", "long", "short", "byte", "float", "double", "half_float", "scaled_float");
    private static final Set<String> AGGREGATABLE_TYPES = union(NUMBER_TYPES, Set.of("keyword", "date", "date_nanos", "boolean"));

    /**
     * The newest {@code typeMigrationVersion} Kibana 9.2 knows per type: a higher one is refused with "belongs to a
     * more recent version of Kibana" (core document_migrator/pipelines/upgrade_pipeline.ts, assertCompatibility).
     * index-pattern: last migration 8.0.0 (data_views/server/saved_objects/index_pattern_migrations.ts); lens: last
     * migration 8.9.0 (lens/server/migrations/saved_object_migrations.ts); dashboard: model versions 1 to 3, that is
     * 10.1.0 to 10.3.0 (dashboard/server/dashboard_saved_object/dashboard_saved_object.ts).
     */
    private static final Map<String, String> NEWEST_TYPE_VERSION =
            Map.of("index-pattern", "8.0.0", "lens", "8.9.0", "dashboard", "10.3.0");
    /** A coreMigrationVersion above the running Kibana is refused as well (upgrade_pipeline.ts, assertValidCoreVersion). */
    private static final String KIBANA_VERSION = "9.2.0";

    /**
     * The dashboard attributes Kibana accepts: schema v1 is {@code unknowns: 'forbid'} (an extra key is a 400 on
     * import), v2 only adds {@code controlGroupInput.showApplySelections}, v3 only adds {@code sections}
     * (dashboard/server/dashboard_saved_object/schema/v1/v1.ts, v2/v2.ts, v3/v3.ts).
     */
    private static final Set<String> DASHBOARD_ATTRIBUTES = Set.of("title", "description", "kibanaSavedObjectMeta",
            "timeRestore", "timeFrom", "timeTo", "refreshInterval", "controlGroupInput", "panelsJSON", "optionsJSON",
            "hits", "version", "sections");
    private static final Set<String> REFRESH_INTERVAL_KEYS = Set.of("pause", "value", "display", "section");
    private static final Set<String> SEARCH_META_KEYS = Set.of("searchSourceJSON");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<JsonNode> objects;
    private static Map<String, Map<String, String>> fieldTypesByIndex;

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
        Map<String, String> anomalies = fieldTypes(MAPPING);
        assertThat(anomalies).containsKeys("@timestamp", "patient_id", "systolic", "diastolic", "severity");
        Map<String, String> alerts = fieldTypes(ALERTS_MAPPING);
        // the fields of bp_alerts as the alerts issue specifies them
        assertThat(alerts).containsAllEntriesOf(Map.ofEntries(
                Map.entry("alert_id", "keyword"), Map.entry("patient_id", "keyword"), Map.entry("kind", "keyword"),
                Map.entry("status", "keyword"), Map.entry("opened_at", "date"), Map.entry("last_reading_at", "date"),
                Map.entry("resolved_at", "date"), Map.entry("readings", "integer"), Map.entry("systolic", "integer"),
                Map.entry("diastolic", "integer"), Map.entry("observation_ids", "keyword")));
        fieldTypesByIndex = Map.of(ANOMALIES, anomalies, ALERTS, alerts, PATIENT_DAYS, fieldTypes(PATIENT_DAYS_MAPPING));
    }

    private static Map<String, String> fieldTypes(Path mapping) throws IOException {
        Map<String, String> types = new LinkedHashMap<>();
        JsonNode props = JSON.readTree(mapping.toFile()).path("mappings").path("properties");
        props.fields().forEachRemaining(e -> types.put(e.getKey(), e.getValue().path("type").asText()));
        return types;
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
    void everyObjectHasMigrationVersionsKibana92Knows() {
        for (JsonNode o : objects) {
            String type = o.path("type").asText();
            String typeVersion = o.path("typeMigrationVersion").asText();
            String coreVersion = o.path("coreMigrationVersion").asText();
            assertThat(typeVersion).as("typeMigrationVersion of %s", key(o)).matches("\\d+\\.\\d+\\.\\d+");
            assertThat(coreVersion).as("coreMigrationVersion of %s", key(o)).matches("\\d+\\.\\d+\\.\\d+");
            assertThat(compareVersions(typeVersion, NEWEST_TYPE_VERSION.get(type)))
                    .as("typeMigrationVersion %s of %s is at most %s", typeVersion, key(o), NEWEST_TYPE_VERSION.get(type))
                    .isLessThanOrEqualTo(0);
            assertThat(compareVersions(coreVersion, KIBANA_VERSION))
                    .as("coreMigrationVersion %s of %s is at most %s", coreVersion, key(o), KIBANA_VERSION)
                    .isLessThanOrEqualTo(0);
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
        JsonNode attrs = dataView(ANOMALIES).path("attributes");
        assertThat(attrs.path("timeFieldName").asText()).isEqualTo("@timestamp");
        assertThat(fieldTypesByIndex.get(ANOMALIES).get("@timestamp")).isEqualTo("date");
        JsonNode formats = formatsOfKnownFields(attrs, ANOMALIES);
        assertThat(lookup(formats, "hypertension_type"))
                .containsEntry("isolated_systolic", "Isolated systolic")
                .containsEntry("isolated_diastolic", "Isolated diastolic")
                .containsEntry("systolic_diastolic", "Systolic + diastolic")
                .hasSize(3);
        assertThat(lookup(formats, "grade")).containsKeys("grade_1", "grade_2", "grade_3").hasSize(3);
    }

    @Test
    void dataViewOnBpAlertsWithOpenedAtAndReadableLabels() throws IOException {
        JsonNode attrs = dataView(ALERTS).path("attributes");
        assertThat(attrs.path("timeFieldName").asText()).isEqualTo("opened_at");
        // the alerts pipeline has not created the index yet: the data view must still import and open
        assertThat(attrs.path("allowNoIndex").asBoolean()).isTrue();
        JsonNode formats = formatsOfKnownFields(attrs, ALERTS);
        assertThat(lookup(formats, "kind")).as("a label for every kind of alert")
                .containsOnlyKeys(java.util.Arrays.stream(AlertKind.values()).map(AlertKind::code).toList());
        assertThat(lookup(formats, "status")).containsOnlyKeys("open", "resolved");
    }

    @Test
    void everyFieldUsedByAPanelExistsInTheMappingWithAnAggregatableType() {
        for (JsonNode lens : ofType("lens")) {
            String id = lens.path("id").asText();
            Map<String, String> fieldTypes = fieldTypesByIndex.get(indexOf(lens));
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
                    checkColumn(id, cit.next().getValue(), columns, fieldTypes);
                }
            }
        }
    }

    private static void checkColumn(String lensId, JsonNode col, JsonNode columns, Map<String, String> fieldTypes) {
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
            // max and min take dates too (form_based/operations/definitions/metrics.tsx, supportsDate)
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
    void everyLensLayerReferencesOneDataViewAndEveryAccessorExists() {
        for (JsonNode lens : ofType("lens")) {
            String id = lens.path("id").asText();
            String dataView = key(dataViewOf(lens));
            Map<String, String> refs = references(lens);
            JsonNode layers = layers(lens);
            Set<String> allColumns = new HashSet<>();
            for (Iterator<String> it = layers.fieldNames(); it.hasNext(); ) {
                String layerId = it.next();
                assertThat(refs).as("layer reference of %s", id)
                        .containsEntry("indexpattern-datasource-layer-" + layerId, dataView);
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
    void gaugesCoverThePlausibleRangeWithClinicalColourBands() {
        List<JsonNode> gauges = ofVisualization("lnsGauge");
        Map<String, Set<String>> opsByField = new HashMap<>();
        for (JsonNode g : gauges) {
            String id = g.path("id").asText();
            JsonNode vis = vis(g);
            JsonNode metric = column(g, vis.path("metricAccessor").asText());
            String field = metric.path("sourceField").asText();
            opsByField.computeIfAbsent(field, f -> new HashSet<>()).add(metric.path("operationType").asText());
            int[] scale = plausibleRange(field);
            // static min and max: a crisis up to the detector's limit moves the needle instead of pinning it
            assertThat(staticValue(g, vis.path("minAccessor").asText())).as("scale minimum of %s", id).isEqualTo(scale[0]);
            assertThat(staticValue(g, vis.path("maxAccessor").asText())).as("scale maximum of %s", id).isEqualTo(scale[1]);
            assertThat(vis.path("colorMode").asText()).isEqualTo("palette");
            JsonNode params = vis.path("palette").path("params");
            assertThat(params.path("rangeMin").asInt()).as("palette rangeMin of %s", id).isEqualTo(scale[0]);
            assertThat(params.path("rangeMax").asInt()).as("palette rangeMax of %s", id).isEqualTo(scale[1]);
            assertThat(stopValues(params.path("colorStops"))).as("bands of %s", id)
                    .containsExactly((double) scale[0], (double) scale[2], (double) scale[3], (double) scale[4]);
            assertThat(new HashSet<>(stopColours(params.path("colorStops")))).as("four distinct band colours in %s", id)
                    .hasSize(4);
            assertThat(lastStop(params.path("stops"))).as("rendered bands of %s end at the scale maximum", id)
                    .isEqualTo((double) scale[1]);
        }
        assertThat(opsByField.get("systolic")).containsExactlyInAnyOrder("max", "average");
        assertThat(opsByField.get("diastolic")).containsExactlyInAnyOrder("max", "average");
    }

    /**
     * Kibana renders a custom palette from {@code params.stops} as they are, not from {@code colorStops}
     * (kbn-coloring src/palettes/utils/common.ts getOverridePaletteStops, used by computePaletteParams in
     * lens/public/visualizations/gauge/visualization.tsx and by toExpression in datatable/visualization.tsx). The editor derives
     * {@code stops} from {@code colorStops} with shiftPalette: the same colours, each band ending where the next one
     * starts, the last one beyond the last start. A hand edit of one list only would show other bands than it says.
     */
    @Test
    void everyCustomPaletteRendersTheBandsItsColourStopsDefine() {
        int palettes = 0;
        for (JsonNode lens : ofType("lens")) {
            for (JsonNode palette : palettes(lens)) {
                String where = lens.path("id").asText();
                JsonNode params = palette.path("params");
                assertThat(params.path("name").asText()).as("palette of %s", where).isEqualTo("custom");
                List<Double> starts = stopValues(params.path("colorStops"));
                List<Double> ends = stopValues(params.path("stops"));
                assertThat(stopColours(params.path("stops"))).as("rendered colours of %s", where)
                        .isEqualTo(stopColours(params.path("colorStops")));
                assertThat(ends.subList(0, ends.size() - 1)).as("rendered band ends of %s", where)
                        .isEqualTo(starts.subList(1, starts.size()));
                assertThat(lastStop(params.path("stops"))).as("last rendered band of %s", where)
                        .isGreaterThan(starts.get(starts.size() - 1));
                assertThat(params.path("steps").asInt()).as("steps of %s", where).isEqualTo(starts.size());
                palettes++;
            }
        }
        assertThat(palettes).as("gauge and table palettes").isGreaterThanOrEqualTo(9);
    }

    @Test
    void trendIsALineChartOverTimeWithThe140And90ThresholdsAndGapsWhereNothingWasRecorded() {
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
            // an interval without readings is null (a gap), never 0
            assertThat(c.path("params").path("emptyAsNull").asBoolean()).as("emptyAsNull of %s", c.path("label")).isTrue();
        });
        assertThat(series).contains("max:systolic", "average:systolic", "max:diastolic", "average:diastolic");
        assertThat(thresholds).contains(140.0, 90.0);
        // no line drawn across empty intervals, and a lone interval still shows as a dot: XYState fittingFunction,
        // emphasizeFitting and pointVisibility (lens/public/visualizations/xy/types.ts)
        JsonNode state = vis(xy);
        assertThat(state.path("fittingFunction").asText()).as("fittingFunction").isEqualTo("None");
        assertThat(state.path("emphasizeFitting").asBoolean()).as("emphasizeFitting").isFalse();
        assertThat(state.path("pointVisibility").asText()).as("pointVisibility").isEqualTo("always");
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
    void triageTableIsTheTop5PatientsByWorstSeveritySayingWhichColumnIsWorstAndWhichLatest() {
        JsonNode table = byId("bp-monitor-triage");
        assertThat(indexOf(table)).isEqualTo(ANOMALIES);
        JsonNode terms = singleTermsColumn(table);
        assertThat(terms.path("sourceField").asText()).isEqualTo("patient_id");
        JsonNode params = terms.path("params");
        assertThat(params.path("size").asInt()).isEqualTo(5);
        assertThat(params.path("orderDirection").asText()).isEqualTo("desc");
        assertThat(params.path("otherBucket").asBoolean()).isFalse();
        JsonNode orderBy = column(table, params.path("orderBy").path("columnId").asText());
        assertThat(operation(orderBy)).isEqualTo("max:severity");

        Map<String, String> labels = shownColumns(table);
        // worst-of-window measures say so, latest-reading measures say so: the two can disagree for one patient
        for (String worst : List.of("max:severity", "max:systolic", "max:diastolic")) {
            assertThat(labels.get(worst)).as("label of %s", worst).endsWith("in window");
        }
        assertThat(labels.get("last_value:grade")).as("label of the latest grade").startsWith("Latest");
        assertThat(labels.get("max:@timestamp")).as("label of the latest time").startsWith("Latest");
        // a single spike and a patient in trouble look different
        assertThat(labels.get("count:" + RECORDS)).isEqualTo("Anomalies in window");
    }

    @Test
    void openAlertsTableListsOpenAlertsNewestFirstWhateverTheDashboardTimeRange() {
        JsonNode table = byId("bp-monitor-open-alerts");
        assertThat(indexOf(table)).isEqualTo(ALERTS);
        JsonNode query = table.path("attributes").path("state").path("query");
        assertThat(query.path("language").asText()).isEqualTo("kuery");
        assertThat(query.path("query").asText()).isEqualTo("status : \"open\"");

        Map<String, String> labels = shownColumns(table);
        assertThat(labels).containsKeys("last_value:patient_id", "last_value:kind", "max:opened_at",
                "max:systolic", "max:diastolic", "terms:alert_id");
        JsonNode since = column(table, vis(table).path("sorting").path("columnId").asText());
        assertThat(operation(since)).as("sorted by").isEqualTo("max:opened_at");
        assertThat(vis(table).path("sorting").path("direction").asText()).isEqualTo("desc");
        // one row per alert, the same order as the sort so the newest are not cut off by the terms size
        JsonNode terms = singleTermsColumn(table);
        assertThat(terms.path("params").path("orderBy").path("columnId").asText())
                .isEqualTo(vis(table).path("sorting").path("columnId").asText());
        assertThat(terms.path("params").path("orderDirection").asText()).isEqualTo("desc");

        // its own time range on the dashboard: an alert opened before the 15-minute window is still open
        JsonNode panel = panelShowing("lens/bp-monitor-open-alerts");
        assertThat(panel.path("embeddableConfig").path("timeRange").path("from").asText()).isEqualTo("now-30d");
        assertThat(panel.path("embeddableConfig").path("timeRange").path("to").asText()).isEqualTo("now");
    }

    @Test
    void homeMonitoringTableShowsEachPatientsAdherenceAnd7DayMeanAgainstTheirTargetOverThe30LastDays() {
        JsonNode view = dataView(PATIENT_DAYS).path("attributes");
        assertThat(view.path("timeFieldName").asText()).isEqualTo("day");
        assertThat(view.path("allowNoIndex").asBoolean()).as("the engine may not have written a day yet").isTrue();

        JsonNode table = byId("bp-monitor-home-weeks");
        assertThat(indexOf(table)).isEqualTo(PATIENT_DAYS);
        assertThat(shownColumns(table)).containsOnlyKeys("terms:patient_id", "unique_count:day",
                "last_value:seven_day_systolic_mean", "last_value:seven_day_diastolic_mean",
                "last_value:target_systolic", "last_value:target_diastolic", "sum:above_target");
        // each latest value is the latest day's: the 7-day mean and the target in force now
        for (String field : List.of("seven_day_systolic_mean", "target_systolic")) {
            JsonNode latest = columnOf(table, "last_value:" + field);
            assertThat(latest.path("params").path("sortField").asText()).isEqualTo("day");
        }
        JsonNode sortedBy = column(table, vis(table).path("sorting").path("columnId").asText());
        assertThat(operation(sortedBy)).isEqualTo("last_value:seven_day_systolic_mean");
        assertThat(vis(table).path("sorting").path("direction").asText()).isEqualTo("desc");
        assertThat(singleTermsColumn(table).path("params").path("orderBy").path("columnId").asText())
                .isEqualTo(vis(table).path("sorting").path("columnId").asText());

        // adherence is counted over 30 days, whatever the dashboard's 15 minutes
        JsonNode panel = panelShowing("lens/bp-monitor-home-weeks");
        assertThat(panel.path("embeddableConfig").path("timeRange").path("from").asText()).isEqualTo("now-30d");
        assertThat(panel.path("embeddableConfig").path("timeRange").path("to").asText()).isEqualTo("now");
    }

    private static JsonNode columnOf(JsonNode table, String operation) {
        for (JsonNode c : vis(table).path("columns")) {
            JsonNode column = column(table, c.path("columnId").asText());
            if (operation(column).equals(operation)) {
                return column;
            }
        }
        throw new AssertionError("no column " + operation + " in " + table.path("id"));
    }

    @Test
    void dashboardReferencesEveryPanelAndRestoresTimeAndRefresh() throws IOException {
        JsonNode d = dashboard();
        JsonNode attrs = d.path("attributes");
        assertThat(attrs.path("title").asText()).isEqualTo("Blood pressure \u2014 clinical supervision");
        assertThat(attrs.path("timeRestore").asBoolean()).isTrue();
        assertThat(attrs.path("timeFrom").asText()).isEqualTo("now-15m");
        assertThat(attrs.path("timeTo").asText()).isEqualTo("now");
        assertThat(attrs.path("refreshInterval").path("pause").asBoolean()).isFalse();
        assertThat(attrs.path("refreshInterval").path("value").asLong()).isBetween(5_000L, 10_000L);
        JSON.readTree(attrs.path("optionsJSON").asText());
        JSON.readTree(attrs.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());

        Map<String, String> refs = references(d);
        Set<String> panelTargets = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode p : panels()) {
            String index = p.path("panelIndex").asText();
            assertThat(index).isNotBlank();
            assertThat(p.path("type").asText()).isEqualTo("lens");
            assertThat(p.path("gridData").path("i").asText()).isEqualTo(index);
            // by-reference panels: reference "<panelIndex>:panel_<panelIndex>" (dashboard plugin, getReferencesForPanelId)
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

    /** Mirrors dashboard schema v1 ({@code unknowns: 'forbid'}) with what v2 and v3 add: see {@link #DASHBOARD_ATTRIBUTES}. */
    @Test
    void dashboardAttributesAreOnlyTheKeysAndTypesKibanaAccepts() {
        JsonNode attrs = dashboard().path("attributes");
        assertThat(names(attrs)).as("dashboard attributes").isSubsetOf(DASHBOARD_ATTRIBUTES);
        assertThat(attrs.path("title").isTextual()).as("title is a string").isTrue();
        for (String text : List.of("description", "timeFrom", "timeTo", "panelsJSON", "optionsJSON")) {
            assertThat(attrs.path(text).isMissingNode() || attrs.path(text).isTextual()).as("%s is a string", text).isTrue();
        }
        assertThat(attrs.path("timeRestore").isBoolean()).as("timeRestore is a boolean").isTrue();
        assertThat(attrs.path("version").isNumber()).as("version is a number").isTrue();
        JsonNode refresh = attrs.path("refreshInterval");
        assertThat(names(refresh)).as("refreshInterval keys").isSubsetOf(REFRESH_INTERVAL_KEYS);
        assertThat(refresh.path("pause").isBoolean()).as("refreshInterval.pause is a boolean").isTrue();
        assertThat(refresh.path("value").isNumber()).as("refreshInterval.value is a number").isTrue();
        JsonNode meta = attrs.path("kibanaSavedObjectMeta");
        assertThat(names(meta)).as("kibanaSavedObjectMeta keys").isSubsetOf(SEARCH_META_KEYS);
        assertThat(meta.path("searchSourceJSON").isTextual()).as("searchSourceJSON is a string").isTrue();
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

    private static JsonNode byId(String id) {
        return objects.stream().filter(o -> o.path("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no saved object " + id));
    }

    private static JsonNode dataView(String title) {
        List<JsonNode> views = ofType("index-pattern").stream()
                .filter(v -> v.path("attributes").path("title").asText().equals(title))
                .collect(Collectors.toList());
        assertThat(views).as("data views on %s", title).hasSize(1);
        return views.get(0);
    }

    /** The data view a Lens object reads, from its {@code indexpattern-datasource-current-indexpattern} reference. */
    private static JsonNode dataViewOf(JsonNode lens) {
        for (JsonNode ref : lens.path("references")) {
            if (ref.path("name").asText().equals("indexpattern-datasource-current-indexpattern")) {
                return byId(ref.path("id").asText());
            }
        }
        throw new AssertionError("no data view reference in " + lens.path("id"));
    }

    /** The index (pattern) a Lens object reads. */
    private static String indexOf(JsonNode lens) {
        return dataViewOf(lens).path("attributes").path("title").asText();
    }

    private static JsonNode dashboard() {
        List<JsonNode> dashboards = ofType("dashboard");
        assertThat(dashboards).hasSize(1);
        return dashboards.get(0);
    }

    private static JsonNode panels() {
        try {
            JsonNode panels = JSON.readTree(dashboard().path("attributes").path("panelsJSON").asText());
            assertThat(panels.isArray()).as("panelsJSON is an array").isTrue();
            return panels;
        } catch (IOException e) {
            throw new AssertionError("panelsJSON is not JSON", e);
        }
    }

    private static JsonNode panelShowing(String target) {
        Map<String, String> refs = references(dashboard());
        for (JsonNode p : panels()) {
            if (target.equals(refs.get(p.path("panelIndex").asText() + ":" + p.path("panelRefName").asText()))) {
                return p;
            }
        }
        throw new AssertionError("no dashboard panel shows " + target);
    }

    /** An object's references, as name to {@code type/id}. */
    private static Map<String, String> references(JsonNode object) {
        Map<String, String> refs = new HashMap<>();
        object.path("references").forEach(r -> refs.put(r.path("name").asText(), r.path("type").asText() + "/" + r.path("id").asText()));
        return refs;
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

    private static String operation(JsonNode column) {
        return column.path("operationType").asText() + ":" + column.path("sourceField").asText();
    }

    /** The columns a datatable shows, as {@code operation:field} to label. */
    private static Map<String, String> shownColumns(JsonNode table) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (JsonNode c : vis(table).path("columns")) {
            JsonNode col = column(table, c.path("columnId").asText());
            assertThat(labels.put(operation(col), col.path("label").asText()))
                    .as("one column per measure in %s", table.path("id"))
                    .isNull();
        }
        return labels;
    }

    private static JsonNode singleTermsColumn(JsonNode table) {
        List<JsonNode> terms = new ArrayList<>();
        for (JsonNode c : vis(table).path("columns")) {
            JsonNode col = column(table, c.path("columnId").asText());
            if (col.path("operationType").asText().equals("terms")) {
                terms.add(col);
            }
        }
        assertThat(terms).as("terms columns of %s", table.path("id")).hasSize(1);
        return terms.get(0);
    }

    private static int staticValue(JsonNode lens, String columnId) {
        JsonNode c = column(lens, columnId);
        assertThat(c.path("operationType").asText()).as("static column %s", c.path("label")).isEqualTo("static_value");
        return Integer.parseInt(c.path("params").path("value").asText());
    }

    /** Scale minimum, scale maximum, then where grades 1, 2 and 3 start (ESC/ESH 2018). */
    private static int[] plausibleRange(String field) {
        return switch (field) {
            case "systolic" -> new int[] {PlausibleRanges.SYSTOLIC_MIN, PlausibleRanges.SYSTOLIC_MAX, 140, 160, 180};
            case "diastolic" -> new int[] {PlausibleRanges.DIASTOLIC_MIN, PlausibleRanges.DIASTOLIC_MAX, 90, 100, 110};
            default -> throw new AssertionError("gauge on unexpected field " + field);
        };
    }

    /** The gauge palette and the datatable cell palettes of a Lens object. */
    private static List<JsonNode> palettes(JsonNode lens) {
        List<JsonNode> palettes = new ArrayList<>();
        JsonNode vis = vis(lens);
        if (vis.has("palette")) {
            palettes.add(vis.path("palette"));
        }
        vis.path("columns").forEach(c -> {
            if (c.has("palette")) {
                palettes.add(c.path("palette"));
            }
        });
        return palettes;
    }

    private static List<Double> stopValues(JsonNode stops) {
        List<Double> values = new ArrayList<>();
        stops.forEach(s -> values.add(s.path("stop").asDouble()));
        assertThat(values).as("stops").isNotEmpty().isSorted();
        return values;
    }

    private static List<String> stopColours(JsonNode stops) {
        List<String> colours = new ArrayList<>();
        stops.forEach(s -> colours.add(s.path("color").asText()));
        return colours;
    }

    private static double lastStop(JsonNode stops) {
        List<Double> values = stopValues(stops);
        return values.get(values.size() - 1);
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

    /** The data view's field formats, every one on a field of its index. */
    private static JsonNode formatsOfKnownFields(JsonNode attrs, String index) throws IOException {
        JsonNode formats = JSON.readTree(attrs.path("fieldFormatMap").asText());
        assertThat(fieldTypesByIndex.get(index)).as("formatted fields of %s", index)
                .containsKeys(names(formats).toArray(new String[0]));
        assertThat(fieldTypesByIndex.get(index)).as("labelled fields of %s", index)
                .containsKeys(names(JSON.readTree(attrs.path("fieldAttrs").asText())).toArray(new String[0]));
        return formats;
    }

    private static Map<String, String> lookup(JsonNode formats, String field) {
        JsonNode f = formats.path(field);
        assertThat(f.path("id").asText()).as("format of %s", field).isEqualTo("static_lookup");
        Map<String, String> m = new LinkedHashMap<>();
        f.path("params").path("lookupEntries").forEach(e -> m.put(e.path("key").asText(), e.path("value").asText()));
        return m;
    }

    /** Compares two {@code major.minor.patch} versions numerically, as semver does for release versions. */
    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return 0;
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
