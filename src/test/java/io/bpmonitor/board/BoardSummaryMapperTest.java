package io.bpmonitor.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.board.BoardSummary.CriticalPatient;
import io.bpmonitor.board.BoardSummary.Gauge;
import io.bpmonitor.board.BoardSummary.Thresholds;
import org.junit.jupiter.api.Test;

class BoardSummaryMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant TO = Instant.parse("2026-11-29T08:45:00Z");
    private static final Instant FROM = Instant.parse("2026-11-29T08:30:00Z");
    private static final Thresholds THRESHOLDS = new Thresholds(140, 90);

    @Test
    void mapsEveryView() throws Exception {
        BoardSummary summary = SummaryMapper.map(BoardWindow.FIFTEEN_MINUTES, FROM, TO, THRESHOLDS, fixture());

        assertThat(summary.window()).isEqualTo("15m");
        assertThat(summary.from()).isEqualTo("2026-11-29T08:30:00Z");
        assertThat(summary.to()).isEqualTo("2026-11-29T08:45:00Z");
        assertThat(summary.intervalSeconds()).isEqualTo(30);
        assertThat(summary.anomalies()).isEqualTo(4);
        assertThat(summary.thresholds()).isEqualTo(THRESHOLDS);

        assertThat(summary.gauges().systolic().max()).isEqualTo(190);
        assertThat(summary.gauges().systolic().average()).isEqualTo(163.75);
        assertThat(summary.gauges().diastolic().max()).isEqualTo(115);
        assertThat(summary.gauges().diastolic().average()).isEqualTo(98.5);
        // the gauges span everything the detector accepts: 300/200 mmHg is on the scale, not beyond it
        assertThat(summary.gauges().systolic()).extracting(Gauge::scaleMin, Gauge::scaleMax).containsExactly(30, 300);
        assertThat(summary.gauges().diastolic()).extracting(Gauge::scaleMin, Gauge::scaleMax).containsExactly(15, 200);

        assertThat(summary.trend()).hasSize(2);
        assertThat(summary.trend().get(0).count()).isZero();
        assertThat(summary.trend().get(0).systolicMax()).isNull();
        assertThat(summary.trend().get(0).diastolicAverage()).isNull();
        assertThat(summary.trend().get(1).time()).isEqualTo("2026-11-29T08:30:30Z");
        assertThat(summary.trend().get(1).systolicMax()).isEqualTo(190);
        assertThat(summary.trend().get(1).diastolicAverage()).isEqualTo(98.5);

        assertThat(summary.kinds()).extracting(BoardSummary.KindCount::type, BoardSummary.KindCount::label,
                        BoardSummary.KindCount::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("systolic_diastolic", "Systolic and diastolic", 3L),
                        org.assertj.core.groups.Tuple.tuple("isolated_systolic", "Isolated systolic", 1L));
        assertThat(summary.grades()).extracting(BoardSummary.GradeCount::label)
                .containsExactly("Grade 3 (severe)", "Grade 1 (mild)");
    }

    @Test
    void keepsTheTriageOrderAndReadsWorstAndLatest() throws Exception {
        BoardSummary summary = SummaryMapper.map(BoardWindow.FIFTEEN_MINUTES, FROM, TO, THRESHOLDS, fixture());

        assertThat(summary.patients()).extracting(CriticalPatient::rank, CriticalPatient::patientId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "patient-a"),
                        org.assertj.core.groups.Tuple.tuple(2, "patient-b"));
        CriticalPatient first = summary.patients().get(0);
        assertThat(first.maxSeverity()).isEqualTo(3.5);
        assertThat(first.anomalies()).isEqualTo(2);
        assertThat(first.worst().systolic()).isEqualTo(190);
        assertThat(first.worst().diastolic()).isEqualTo(100);
        assertThat(first.worst().grade()).isEqualTo("grade_3");
        assertThat(first.worst().gradeLabel()).isEqualTo("Grade 3 (severe)");
        assertThat(first.worst().time()).isEqualTo("2026-11-29T08:30:35Z");
        assertThat(first.latest().systolic()).isEqualTo(150);
        assertThat(first.latest().typeLabel()).isEqualTo("Isolated systolic");
        // a float field comes back from a max aggregation with float noise: shown with its two decimals
        assertThat(summary.patients().get(1).maxSeverity()).isEqualTo(3.1);
    }

    @Test
    void anIndexThatDoesNotExistYetIsAnEmptyBoard() throws Exception {
        JsonNode response = JSON.readTree("""
                {"took":0,"timed_out":false,"_shards":{"total":0,"successful":0,"skipped":0,"failed":0},
                 "hits":{"total":{"value":0,"relation":"eq"},"max_score":0.0,"hits":[]}}""");
        BoardSummary summary = SummaryMapper.map(BoardWindow.FIVE_MINUTES, FROM, TO, THRESHOLDS, response);
        assertThat(summary.anomalies()).isZero();
        assertThat(summary.gauges().systolic().max()).isNull();
        assertThat(summary.gauges().systolic().average()).isNull();
        assertThat(summary.trend()).isEmpty();
        assertThat(summary.kinds()).isEmpty();
        assertThat(summary.patients()).isEmpty();
    }

    @Test
    void serialisesInSnakeCase() throws Exception {
        BoardSummary summary = SummaryMapper.map(BoardWindow.FIFTEEN_MINUTES, FROM, TO, THRESHOLDS, fixture());
        JsonNode json = JSON.readTree(JSON.writeValueAsString(summary));
        assertThat(json.path("interval_seconds").asInt()).isEqualTo(30);
        assertThat(json.at("/gauges/systolic/max").asInt()).isEqualTo(190);
        assertThat(json.at("/gauges/diastolic/scale_min").asInt()).isEqualTo(15);
        assertThat(json.at("/gauges/systolic/scale_max").asInt()).isEqualTo(300);
        assertThat(json.at("/trend/1/systolic_max").asInt()).isEqualTo(190);
        assertThat(json.at("/trend/0/systolic_max").isNull()).isTrue();
        assertThat(json.at("/patients/0/patient_id").asText()).isEqualTo("patient-a");
        assertThat(json.at("/patients/0/max_severity").asDouble()).isEqualTo(3.5);
        assertThat(json.at("/patients/0/worst/grade_label").asText()).isEqualTo("Grade 3 (severe)");
        assertThat(json.at("/patients/0/latest/hypertension_type").asText()).isEqualTo("isolated_systolic");
    }

    private static JsonNode fixture() throws Exception {
        try (InputStream in = BoardSummaryMapperTest.class.getResourceAsStream("/board/search-response.json")) {
            return JSON.readTree(in);
        }
    }
}
