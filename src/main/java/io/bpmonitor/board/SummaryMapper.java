package io.bpmonitor.board;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmonitor.board.BoardSummary.CriticalPatient;
import io.bpmonitor.board.BoardSummary.Gauge;
import io.bpmonitor.board.BoardSummary.Gauges;
import io.bpmonitor.board.BoardSummary.GradeCount;
import io.bpmonitor.board.BoardSummary.KindCount;
import io.bpmonitor.board.BoardSummary.Reading;
import io.bpmonitor.board.BoardSummary.Thresholds;
import io.bpmonitor.board.BoardSummary.TrendPoint;
import io.bpmonitor.fhir.PlausibleRanges;

/**
 * Reads the answer to {@link SummaryQuery} into a {@link BoardSummary}. Tolerates missing aggregations (an index that
 * does not exist yet answers without any), so an empty ward is an empty board, not an error.
 */
public final class SummaryMapper {

    private SummaryMapper() {
    }

    public static BoardSummary map(BoardWindow window, Instant from, Instant to, Thresholds thresholds,
                                   JsonNode response) {
        JsonNode aggs = response.path("aggregations");
        return new BoardSummary(
                window.code(),
                from.toString(),
                to.toString(),
                window.interval().toSeconds(),
                response.path("hits").path("total").path("value").asLong(0),
                thresholds,
                new Gauges(
                        new Gauge(integer(aggs.path("systolic_max")), decimal(aggs.path("systolic_avg")),
                                PlausibleRanges.SYSTOLIC_MIN, PlausibleRanges.SYSTOLIC_MAX),
                        new Gauge(integer(aggs.path("diastolic_max")), decimal(aggs.path("diastolic_avg")),
                                PlausibleRanges.DIASTOLIC_MIN, PlausibleRanges.DIASTOLIC_MAX)),
                trend(aggs.path("trend")),
                kinds(aggs.path("kinds")),
                grades(aggs.path("grades")),
                patients(aggs.path("patients")));
    }

    private static List<TrendPoint> trend(JsonNode histogram) {
        List<TrendPoint> points = new ArrayList<>();
        for (JsonNode bucket : histogram.path("buckets")) {
            points.add(new TrendPoint(
                    Instant.ofEpochMilli(bucket.path("key").asLong()).toString(),
                    bucket.path("doc_count").asLong(),
                    integer(bucket.path("systolic_max")),
                    decimal(bucket.path("systolic_avg")),
                    integer(bucket.path("diastolic_max")),
                    decimal(bucket.path("diastolic_avg"))));
        }
        return points;
    }

    private static List<KindCount> kinds(JsonNode terms) {
        List<KindCount> kinds = new ArrayList<>();
        for (JsonNode bucket : terms.path("buckets")) {
            String type = bucket.path("key").asText();
            kinds.add(new KindCount(type, Labels.type(type), bucket.path("doc_count").asLong()));
        }
        return kinds;
    }

    private static List<GradeCount> grades(JsonNode terms) {
        List<GradeCount> grades = new ArrayList<>();
        for (JsonNode bucket : terms.path("buckets")) {
            String grade = bucket.path("key").asText();
            grades.add(new GradeCount(grade, Labels.grade(grade), bucket.path("doc_count").asLong()));
        }
        return grades;
    }

    private static List<CriticalPatient> patients(JsonNode terms) {
        List<CriticalPatient> patients = new ArrayList<>();
        for (JsonNode bucket : terms.path("buckets")) {
            Double maxSeverity = decimal(bucket.path("max_severity"));
            patients.add(new CriticalPatient(
                    patients.size() + 1,
                    bucket.path("key").asText(),
                    maxSeverity == null ? 0 : Math.round(maxSeverity * 100.0) / 100.0,
                    bucket.path("doc_count").asLong(),
                    reading(bucket.path("worst")),
                    reading(bucket.path("latest"))));
        }
        return patients;
    }

    private static Reading reading(JsonNode topHits) {
        JsonNode hits = topHits.path("hits").path("hits");
        if (!hits.isArray() || hits.isEmpty()) {
            return null;
        }
        JsonNode source = hits.get(0).path("_source");
        String grade = source.path("grade").asText(null);
        String type = source.path("hypertension_type").asText(null);
        return new Reading(
                source.path("@timestamp").asText(null),
                pressure(source.path("systolic")),
                pressure(source.path("diastolic")),
                grade,
                Labels.grade(grade),
                type,
                Labels.type(type),
                source.path("severity").asDouble());
    }

    /** A document's pressure, or {@code null}: a partial reading has no value of one of them. */
    private static Integer pressure(JsonNode field) {
        return field.isNumber() ? field.asInt() : null;
    }

    /** A metric aggregation's value, or {@code null} when it ran over no document. */
    private static Double decimal(JsonNode metric) {
        JsonNode value = metric.path("value");
        return value.isNumber() ? value.asDouble() : null;
    }

    /** A max over an integer field: Elasticsearch answers it as a double. */
    private static Integer integer(JsonNode metric) {
        Double value = decimal(metric);
        return value == null ? null : (int) Math.round(value);
    }
}
