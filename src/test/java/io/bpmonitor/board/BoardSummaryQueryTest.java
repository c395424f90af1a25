package io.bpmonitor.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class BoardSummaryQueryTest {

    private static final Instant TO = Instant.parse("2026-11-29T08:45:00Z");
    private static final Instant FROM = Instant.parse("2026-11-29T08:40:00Z");

    private final JsonNode body = SummaryQuery.body(BoardWindow.FIVE_MINUTES, FROM, TO);

    @Test
    void countsOnlyTheWindowAndReturnsNoHits() {
        assertThat(body.path("size").asInt()).isZero();
        assertThat(body.path("track_total_hits").asBoolean()).isTrue();
        JsonNode range = body.at("/query/range/@timestamp");
        assertThat(range.path("gte").asLong()).isEqualTo(FROM.toEpochMilli());
        assertThat(range.path("lte").asLong()).isEqualTo(TO.toEpochMilli());
        assertThat(range.path("format").asText()).isEqualTo("epoch_millis");
    }

    @Test
    void gaugesAreMaxAndAvgOfBothPressures() {
        assertThat(body.at("/aggs/systolic_max/max/field").asText()).isEqualTo("systolic");
        assertThat(body.at("/aggs/systolic_avg/avg/field").asText()).isEqualTo("systolic");
        assertThat(body.at("/aggs/diastolic_max/max/field").asText()).isEqualTo("diastolic");
        assertThat(body.at("/aggs/diastolic_avg/avg/field").asText()).isEqualTo("diastolic");
    }

    @Test
    void trendSpansTheWholeWindowEvenWhereEmpty() {
        JsonNode histogram = body.at("/aggs/trend/date_histogram");
        assertThat(histogram.path("field").asText()).isEqualTo("@timestamp");
        assertThat(histogram.path("fixed_interval").asText()).isEqualTo("10s");
        assertThat(histogram.path("min_doc_count").asInt()).isZero();
        assertThat(histogram.at("/extended_bounds/min").asLong()).isEqualTo(FROM.toEpochMilli());
        assertThat(histogram.at("/extended_bounds/max").asLong()).isEqualTo(TO.toEpochMilli());
        assertThat(body.at("/aggs/trend/aggs").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("systolic_max", "systolic_avg", "diastolic_max", "diastolic_avg");
    }

    @Test
    void kindsAndGradesAreTerms() {
        assertThat(body.at("/aggs/kinds/terms/field").asText()).isEqualTo("hypertension_type");
        assertThat(body.at("/aggs/grades/terms/field").asText()).isEqualTo("grade");
    }

    @Test
    void topFivePatientsByWorstSeverityThenId() {
        JsonNode patients = body.at("/aggs/patients");
        assertThat(patients.at("/terms/field").asText()).isEqualTo("patient_id");
        assertThat(patients.at("/terms/size").asInt()).isEqualTo(5);
        assertThat(patients.at("/terms/order/0/max_severity").asText()).isEqualTo("desc");
        assertThat(patients.at("/terms/order/1/_key").asText()).isEqualTo("asc");
        assertThat(patients.at("/aggs/max_severity/max/field").asText()).isEqualTo("severity");
        assertThat(patients.at("/aggs/worst/top_hits/size").asInt()).isEqualTo(1);
        assertThat(patients.at("/aggs/worst/top_hits/sort/0/severity/order").asText()).isEqualTo("desc");
        assertThat(patients.at("/aggs/worst/top_hits/sort/1/@timestamp/order").asText()).isEqualTo("desc");
        assertThat(patients.at("/aggs/latest/top_hits/sort/0/@timestamp/order").asText()).isEqualTo("desc");
        assertThat(patients.at("/aggs/latest/top_hits/_source/includes").toString())
                .contains("systolic", "diastolic", "grade", "@timestamp");
    }
}
