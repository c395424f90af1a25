package io.bpmonitor.board;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code GET /api/alerts} answers: the alerts that need a clinician, open or ended unreviewed (an alert from
 * before review statuses counts as unreviewed), crises first, then open before ended, newest first (by
 * {@code opened_at}, ties by alert id), at most {@value #SHOWN}; and how many are open in all.
 *
 * @param open   open alerts in the index
 * @param alerts the first of the alerts that need a clinician
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpenAlerts(long open, List<OpenAlert> alerts) {

    /** How many rows the board shows. */
    public static final int SHOWN = 20;

    static final String[] FIELDS = {"alert_id", "patient_id", "kind", "status", "review_status", "opened_at",
        "last_reading_at", "readings", "systolic", "diastolic"};

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row: the patient, the kind of alert, open or ended, since when, and the episode's worst reading. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record OpenAlert(String alertId, String patientId, String kind, String kindLabel, String status,
                            String reviewStatus, String openedAt, String lastReadingAt, int readings, int systolic,
                            int diastolic) {
    }

    /** The request body for {@code POST /<alerts index>/_search}. */
    public static ObjectNode query() {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", SHOWN);
        ArrayNode needed = body.putObject("query").putObject("bool").put("minimum_should_match", 1)
                .putArray("should");
        needed.addObject().putObject("term").put("status", "open");
        needed.addObject().putObject("term").put("review_status", "unreviewed");
        needed.addObject().putObject("bool").putObject("must_not").putObject("exists").put("field", "review_status");
        body.putObject("aggs").putObject("open").putObject("filter").putObject("term").put("status", "open");
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject("kind").put("order", "asc"); // crisis before sustained
        sort.addObject().putObject("status").put("order", "asc"); // open before resolved
        sort.addObject().putObject("opened_at").put("order", "desc");
        sort.addObject().putObject("alert_id").put("order", "asc");
        ArrayNode includes = body.putObject("_source").putArray("includes");
        for (String field : FIELDS) {
            includes.add(field);
        }
        return body;
    }

    /** Reads the answer to {@link #query()}; an index that does not exist yet answers no hits. */
    public static OpenAlerts map(JsonNode response) {
        List<OpenAlert> alerts = new ArrayList<>();
        for (JsonNode hit : response.path("hits").path("hits")) {
            JsonNode source = hit.path("_source");
            String kind = source.path("kind").asText(null);
            alerts.add(new OpenAlert(
                    source.path("alert_id").asText(hit.path("_id").asText()),
                    source.path("patient_id").asText(null),
                    kind,
                    Labels.alertKind(kind),
                    source.path("status").asText(null),
                    source.path("review_status").asText("unreviewed"),
                    source.path("opened_at").asText(null),
                    source.path("last_reading_at").asText(null),
                    source.path("readings").asInt(),
                    source.path("systolic").asInt(),
                    source.path("diastolic").asInt()));
        }
        return new OpenAlerts(response.path("aggregations").path("open").path("doc_count").asLong(0), alerts);
    }
}
