package io.bpmonitor.board;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.alerts.Alert;
import io.bpmonitor.alerts.AlertJson;

/**
 * What {@code GET /api/alerts} answers: the alerts that need a clinician, open or ended unreviewed (an alert from
 * before review statuses counts as unreviewed), crises first, then open before ended, newest first (by
 * {@code opened_at}, ties by alert id), at most {@value #SHOWN}; and how many are open in all.
 *
 * @param open   open alerts in the index
 * @param alerts the first of the alerts that need a clinician
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpenAlerts(long open, List<AlertRow> alerts) {

    /** How many rows the board shows. */
    public static final int SHOWN = 20;

    static final String[] FIELDS = {"alert_id", "patient_id", "kind", "status", "review_status", "opened_at",
        "last_reading_at", "readings", "systolic", "diastolic"};

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One row of the board's list, the API's view of an {@link Alert}: the patient, the kind of alert, open or ended,
     * since when, and the episode's worst reading.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AlertRow(String alertId, String patientId, String kind, String kindLabel, String status,
                           String reviewStatus, String openedAt, String lastReadingAt, int readings, Integer systolic,
                           Integer diastolic) {

        static AlertRow of(Alert alert) {
            String kind = alert.kind() == null ? null : alert.kind().code();
            return new AlertRow(alert.alertId(), alert.patientId(), kind, Labels.alertKind(kind),
                    alert.status() == null ? null : alert.status().code(), alert.reviewStatus().code(),
                    text(alert.openedAt()), text(alert.lastReadingAt()), alert.readings(), alert.systolic(),
                    alert.diastolic());
        }

        private static String text(Instant time) {
            return time == null ? null : time.toString();
        }
    }

    /** The request body for {@code POST /<alerts index>/_search}. */
    public static ObjectNode query() {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", SHOWN);
        ObjectNode bool = body.putObject("query").putObject("bool");
        // an alert whose readings were all entered in error never was one
        bool.putArray("must_not").addObject().putObject("term").put("status", "withdrawn");
        ArrayNode needed = bool.put("minimum_should_match", 1).putArray("should");
        needed.addObject().putObject("term").put("status", "open");
        needed.addObject().putObject("term").put("review_status", "unreviewed");
        needed.addObject().putObject("bool").putObject("must_not").putObject("exists").put("field", "review_status");
        body.putObject("aggs").putObject("open").putObject("filter").putObject("term").put("status", "open");
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject("kind").put("order", "asc"); // the urgent first: crisis, hypotension, then repeated, sustained
        sort.addObject().putObject("status").put("order", "asc"); // open before resolved
        sort.addObject().putObject("opened_at").put("order", "desc");
        sort.addObject().putObject("alert_id").put("order", "asc");
        ArrayNode includes = body.putObject("_source").putArray("includes");
        for (String field : FIELDS) {
            includes.add(field);
        }
        return body;
    }

    /**
     * Reads the answer to {@link #query()}, each hit as the alert the engine published; an index that does not exist
     * yet answers no hits.
     */
    public static OpenAlerts map(JsonNode response) {
        List<AlertRow> alerts = new ArrayList<>();
        for (JsonNode hit : response.path("hits").path("hits")) {
            alerts.add(AlertRow.of(AlertJson.readAlert(hit.path("_source"))));
        }
        return new OpenAlerts(response.path("aggregations").path("open").path("doc_count").asLong(0), alerts);
    }
}
