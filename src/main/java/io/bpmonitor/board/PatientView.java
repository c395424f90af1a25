package io.bpmonitor.board;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code GET /api/patients/{id}} answers, the patient view (docs/alerts.md#the-patient-view): the last
 * {@value #DAYS} days of the patient's daily and 7-day means from the days index, with the target they were read
 * against and who set it; adherence (days with readings of the {@value #DAYS}); every anomalous reading of those days;
 * and every alert of the patient with its review's history from the audit index. Four searches, each on one index.
 */
public final class PatientView {

    /** The days the view covers, today included. */
    static final int DAYS = 30;
    /** Anomalous readings shown at most: a month of a patient's home readings is far fewer. */
    static final int ANOMALIES_SHOWN = 500;
    static final int ALERTS_SHOWN = 100;
    private static final Pattern PATIENT_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BoardSearch days;
    private final BoardSearch anomalies;
    private final BoardSearch alerts;
    private final BoardSearch audit;

    PatientView(BoardSearch days, BoardSearch anomalies, BoardSearch alerts, BoardSearch audit) {
        this.days = days;
        this.anomalies = anomalies;
        this.alerts = alerts;
        this.audit = audit;
    }

    /**
     * @throws BoardRequestException     when the id is no patient id
     * @throws BoardUnavailableException when Elasticsearch cannot answer
     */
    Map<String, Object> of(String patientId) {
        if (patientId == null || !PATIENT_ID.matcher(patientId).matches()) {
            throw new BoardRequestException("A patient id is 1-64 of A-Z a-z 0-9 - .");
        }
        List<JsonNode> dayDocuments = sources(days.search(query(patientId, "day", "now-" + (DAYS - 1) + "d/d",
                DAYS + 1, "asc")));
        List<JsonNode> anomalyDocuments = sources(anomalies.search(query(patientId, "@timestamp",
                "now-" + DAYS + "d/d", ANOMALIES_SHOWN, "desc")));
        List<JsonNode> alertDocuments = sources(alerts.search(query(patientId, "opened_at", null, ALERTS_SHOWN,
                "desc")));
        Map<String, ArrayNode> history = new LinkedHashMap<>();
        for (JsonNode record : sources(audit.search(query(patientId, "at", null, 10 * ALERTS_SHOWN, "asc")))) {
            history.computeIfAbsent(record.path("alert_id").asText(), id -> JSON.createArrayNode()).add(record);
        }

        Map<String, Object> view = new LinkedHashMap<>();
        view.put("patient_id", patientId);
        JsonNode latest = dayDocuments.isEmpty() ? null : dayDocuments.get(dayDocuments.size() - 1);
        view.put("target", target(latest));
        view.put("seven_day", sevenDay(latest));
        view.put("adherence", Map.of("days_with_readings",
                dayDocuments.stream().filter(day -> day.path("readings").asInt() > 0).count(), "of_days", DAYS));
        view.put("days", dayDocuments.stream().map(PatientView::day).toList());
        view.put("anomalies", anomalyDocuments);
        List<JsonNode> withHistory = new ArrayList<>();
        for (JsonNode alert : alertDocuments) {
            ObjectNode shown = alert.deepCopy();
            shown.remove("observation_ids");
            shown.set("history", history.getOrDefault(alert.path("alert_id").asText(), JSON.createArrayNode()));
            withHistory.add(shown);
        }
        view.put("alerts", withHistory);
        return view;
    }

    /** The patient's documents of an index, newest or oldest first by {@code timeField}, from {@code since} on. */
    private static ObjectNode query(String patientId, String timeField, String since, int size, String order) {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", size);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("term").put("patient_id", patientId);
        if (since != null) {
            filter.addObject().putObject("range").putObject(timeField).put("gte", since);
        }
        body.putArray("sort").addObject().putObject(timeField).put("order", order);
        return body;
    }

    private static List<JsonNode> sources(JsonNode response) {
        List<JsonNode> sources = new ArrayList<>();
        response.path("hits").path("hits").forEach(hit -> sources.add(hit.path("_source")));
        return sources;
    }

    /** The lines the latest day was read against: the patient's own target (who set it, from where) or the home lines. */
    private static Map<String, Object> target(JsonNode latest) {
        Map<String, Object> target = new LinkedHashMap<>();
        if (latest == null) {
            return target;
        }
        target.put("systolic", latest.path("target_systolic").asInt());
        target.put("diastolic", latest.path("target_diastolic").asInt());
        target.put("own", latest.hasNonNull("target_set_by"));
        target.put("set_by", latest.path("target_set_by").asText(null));
        target.put("set_at", latest.path("target_set_at").asText(null));
        target.put("source", latest.path("target_source").asText(null));
        return target;
    }

    private static Map<String, Object> sevenDay(JsonNode latest) {
        Map<String, Object> week = new LinkedHashMap<>();
        if (latest == null) {
            return week;
        }
        week.put("day", latest.path("day").asText());
        week.put("readings", latest.path("seven_day_readings").asInt());
        week.put("days", latest.path("seven_day_days").asInt());
        Double systolic = number(latest, "seven_day_systolic_mean");
        Double diastolic = number(latest, "seven_day_diastolic_mean");
        week.put("systolic_mean", systolic);
        week.put("diastolic_mean", diastolic);
        week.put("above_target", systolic != null && systolic >= latest.path("target_systolic").asInt()
                || diastolic != null && diastolic >= latest.path("target_diastolic").asInt());
        return week;
    }

    private static Map<String, Object> day(JsonNode document) {
        Map<String, Object> day = new LinkedHashMap<>();
        day.put("day", document.path("day").asText());
        day.put("readings", document.path("readings").asInt());
        day.put("systolic_mean", number(document, "systolic_mean"));
        day.put("diastolic_mean", number(document, "diastolic_mean"));
        day.put("seven_day_systolic_mean", number(document, "seven_day_systolic_mean"));
        day.put("seven_day_diastolic_mean", number(document, "seven_day_diastolic_mean"));
        day.put("target_systolic", document.path("target_systolic").asInt());
        day.put("target_diastolic", document.path("target_diastolic").asInt());
        return day;
    }

    private static Double number(JsonNode document, String field) {
        JsonNode value = document.get(field);
        return value == null || !value.isNumber() ? null : value.asDouble();
    }
}
