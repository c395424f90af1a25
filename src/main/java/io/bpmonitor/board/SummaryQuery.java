package io.bpmonitor.board;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one search behind the board: no hits, only aggregations over the anomalies of the window
 * (docs/architecture.md#the-boards-json-api). The index has one shard, so the terms order is exact.
 */
public final class SummaryQuery {

    /** How many patients the triage table shows. */
    public static final int TOP_PATIENTS = 5;

    static final String[] READING_FIELDS = {
        "@timestamp", "patient_id", "systolic", "diastolic", "grade", "hypertension_type", "severity"};

    private static final ObjectMapper JSON = new ObjectMapper();

    private SummaryQuery() {
    }

    /** The request body for {@code POST /<index>/_search} over {@code [from, to]}. */
    public static ObjectNode body(BoardWindow window, Instant from, Instant to) {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", 0);
        body.put("track_total_hits", true);
        ObjectNode range = body.putObject("query").putObject("range").putObject("@timestamp");
        range.put("gte", from.toEpochMilli());
        range.put("lte", to.toEpochMilli());
        range.put("format", "epoch_millis");

        ObjectNode aggs = body.putObject("aggs");
        metric(aggs, "systolic_max", "max", "systolic");
        metric(aggs, "systolic_avg", "avg", "systolic");
        metric(aggs, "diastolic_max", "max", "diastolic");
        metric(aggs, "diastolic_avg", "avg", "diastolic");

        ObjectNode trend = aggs.putObject("trend");
        ObjectNode histogram = trend.putObject("date_histogram");
        histogram.put("field", "@timestamp");
        histogram.put("fixed_interval", window.fixedInterval());
        histogram.put("min_doc_count", 0);
        ObjectNode bounds = histogram.putObject("extended_bounds");
        bounds.put("min", from.toEpochMilli());
        bounds.put("max", to.toEpochMilli());
        ObjectNode trendAggs = trend.putObject("aggs");
        metric(trendAggs, "systolic_max", "max", "systolic");
        metric(trendAggs, "systolic_avg", "avg", "systolic");
        metric(trendAggs, "diastolic_max", "max", "diastolic");
        metric(trendAggs, "diastolic_avg", "avg", "diastolic");

        terms(aggs, "kinds", "hypertension_type", 10);
        terms(aggs, "grades", "grade", 10);

        ObjectNode patients = aggs.putObject("patients");
        ObjectNode patientTerms = terms(aggs, "patients", "patient_id", TOP_PATIENTS);
        ArrayNode order = patientTerms.putArray("order");
        order.addObject().put("max_severity", "desc");
        order.addObject().put("_key", "asc");
        ObjectNode patientAggs = patients.putObject("aggs");
        metric(patientAggs, "max_severity", "max", "severity");
        topHit(patientAggs, "worst", "severity", "@timestamp");
        topHit(patientAggs, "latest", "@timestamp", "severity");
        return body;
    }

    private static void metric(ObjectNode aggs, String name, String type, String field) {
        aggs.putObject(name).putObject(type).put("field", field);
    }

    private static ObjectNode terms(ObjectNode aggs, String name, String field, int size) {
        ObjectNode agg = aggs.has(name) ? (ObjectNode) aggs.get(name) : aggs.putObject(name);
        ObjectNode terms = agg.putObject("terms");
        terms.put("field", field);
        terms.put("size", size);
        return terms;
    }

    /** The single reading with the highest {@code first}, ties broken by the highest {@code then}. */
    private static void topHit(ObjectNode aggs, String name, String first, String then) {
        ObjectNode topHits = aggs.putObject(name).putObject("top_hits");
        topHits.put("size", 1);
        ArrayNode sort = topHits.putArray("sort");
        sort.addObject().putObject(first).put("order", "desc");
        sort.addObject().putObject(then).put("order", "desc");
        ArrayNode includes = topHits.putObject("_source").putArray("includes");
        for (String field : READING_FIELDS) {
            includes.add(field);
        }
    }
}
