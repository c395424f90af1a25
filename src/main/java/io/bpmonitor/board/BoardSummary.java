package io.bpmonitor.board;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What {@code GET /api/summary} answers: the four views of the board over one window, from Elasticsearch aggregations
 * on the anomalies index. Times are ISO-8601 UTC; a measure over no reading is {@code null}.
 *
 * @param window    the window asked for: {@code 5m}, {@code 15m} or {@code 1h}
 * @param from      start of the window (inclusive)
 * @param to        end of the window (inclusive): the time of the query
 * @param anomalies anomalous readings in the window
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BoardSummary(
        String window,
        String from,
        String to,
        long intervalSeconds,
        long anomalies,
        Thresholds thresholds,
        Gauges gauges,
        List<TrendPoint> trend,
        List<KindCount> kinds,
        List<GradeCount> grades,
        List<CriticalPatient> patients) {

    /** The detection lines drawn on the trend (BP_SYSTOLIC_THRESHOLD / BP_DIASTOLIC_THRESHOLD, 140/90 by default). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Thresholds(int systolic, int diastolic) {
    }

    /**
     * Peak and average of one pressure over the window, and the scale its gauge spans: the whole range the detector
     * accepts, so a crisis moves the needle instead of pinning it at the end (the Kibana gauges use the same scale).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Gauge(Integer max, Double average, int scaleMin, int scaleMax) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Gauges(Gauge systolic, Gauge diastolic) {
    }

    /** One bucket of the trend; the measures are {@code null} in a bucket without readings. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TrendPoint(String time, long count, Integer systolicMax, Double systolicAverage,
                             Integer diastolicMax, Double diastolicAverage) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KindCount(String type, String label, long count) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record GradeCount(String grade, String label, long count) {
    }

    /** One anomalous reading, as shown in the triage table; a value is null in a partial reading that has none. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Reading(String time, Integer systolic, Integer diastolic, String grade, String gradeLabel,
                          String hypertensionType, String typeLabel, double severity) {
    }

    /** A row of the triage table: patients ranked by their worst severity in the window, highest first. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CriticalPatient(int rank, String patientId, double maxSeverity, long anomalies,
                                  Reading worst, Reading latest) {
    }
}
