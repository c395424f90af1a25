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
import io.bpmonitor.alerts.Review;

/**
 * What {@code GET /api/alerts} answers, the review queue: every alert no clinician has closed yet, open or ended (an
 * alert whose readings were entered in error is none), the urgent kinds first (crisis, then low pressure), then the
 * others, each the longest waiting first (by {@code opened_at}, ties by alert id), at most {@value #SHOWN}; how many
 * wait in all, and how many are open.
 *
 * @param open    open alerts in the index
 * @param waiting alerts in the queue
 * @param alerts  the first of the queue
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpenAlerts(long open, long waiting, List<AlertRow> alerts) {

    /** How many rows the board shows. */
    public static final int SHOWN = 50;

    static final String[] FIELDS = {"alert_id", "patient_id", "kind", "status", "review_status", "review",
        "opened_at", "last_reading_at", "readings", "systolic", "diastolic"};

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One row of the queue, the API's view of an {@link Alert}: the patient, the kind of alert, open or ended, since
     * when, the episode's worst reading, and its review: where it stands, who holds it, since when it waits (the
     * wall-clock time it was raised, or when it opened for an alert of a release before the review), and the revision
     * an action on it expects.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AlertRow(String alertId, String patientId, String kind, String kindLabel, boolean urgent,
                           String status, String reviewStatus, String holder, String waitingSince,
                           int reviewRevision, int escalations, String openedAt, String lastReadingAt, int readings,
                           Integer systolic, Integer diastolic) {

        static AlertRow of(Alert alert) {
            String kind = alert.kind() == null ? null : alert.kind().code();
            Review review = alert.review();
            return new AlertRow(alert.alertId(), alert.patientId(), kind, Labels.alertKind(kind),
                    alert.kind() != null && alert.kind().urgent(), alert.status() == null ? null
                    : alert.status().code(), alert.reviewStatus().code(), review.holder(),
                    text(review.raisedAt() == null ? alert.openedAt() : review.raisedAt()), review.revision(),
                    review.escalations(), text(alert.openedAt()), text(alert.lastReadingAt()), alert.readings(),
                    alert.systolic(), alert.diastolic());
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
        // an alert whose readings were all entered in error never was one; a closed one is done
        ArrayNode excluded = bool.putArray("must_not");
        excluded.addObject().putObject("term").put("status", "withdrawn");
        excluded.addObject().putObject("term").put("review_status", "closed");
        body.put("track_total_hits", true);
        body.putObject("aggs").putObject("open").putObject("filter").putObject("term").put("status", "open");
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject("kind").put("order", "asc"); // the urgent first: crisis, hypotension, then repeated, sustained
        sort.addObject().putObject("opened_at").put("order", "asc"); // the longest waiting first
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
        return new OpenAlerts(response.path("aggregations").path("open").path("doc_count").asLong(0),
                response.path("hits").path("total").path("value").asLong(0), alerts);
    }
}
