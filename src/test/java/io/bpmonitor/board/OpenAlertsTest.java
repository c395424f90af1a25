package io.bpmonitor.board;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The open-alerts search and the reading of its answer. */
class OpenAlertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void asksForEveryAlertNotClosedTheUrgentFirstThenTheLongestWaitingWithTheCounts() {
        JsonNode query = OpenAlerts.query();
        assertThat(query.at("/query/bool/must_not/0/term/status").asText()).as("a withdrawn alert never was one")
                .isEqualTo("withdrawn");
        assertThat(query.at("/query/bool/must_not/1/term/review_status").asText()).as("a closed one is done")
                .isEqualTo("closed");
        assertThat(query.at("/query/bool/should").isMissingNode()).as("open or ended, unreviewed or acknowledged")
                .isTrue();
        assertThat(query.path("track_total_hits").asBoolean()).isTrue();
        assertThat(query.at("/aggs/open/filter/term/status").asText()).isEqualTo("open");
        assertThat(query.at("/sort/0/kind/order").asText()).as("the urgent kinds first").isEqualTo("asc");
        assertThat(query.at("/sort/1/opened_at/order").asText()).as("the longest waiting first").isEqualTo("asc");
        assertThat(query.at("/sort/2/alert_id/order").asText()).as("ties in a stable order").isEqualTo("asc");
        assertThat(query.path("size").asInt()).isEqualTo(OpenAlerts.SHOWN);
        assertThat(query.at("/_source/includes").toString())
                .contains("patient_id", "kind", "opened_at", "systolic", "diastolic").doesNotContain("observation_ids");
    }

    @Test
    void readsEachHitIntoARowWithAReadableKind() throws Exception {
        JsonNode answer = JSON.readTree("""
                {"hits": {"total": {"value": 30}, "hits": [
                  {"_id": "a1", "_source": {"alert_id": "a1", "patient_id": "p-0001", "kind": "crisis",
                   "status": "resolved", "review_status": "acknowledged",
                   "review": {"status": "acknowledged", "raised_at": "2026-11-29T18:30:02Z", "holder": "dr.martin",
                              "revision": 1, "escalations": 1},
                   "opened_at": "2026-11-29T18:30:00Z", "last_reading_at": "2026-11-29T18:31:00Z", "readings": 2,
                   "systolic": 196, "diastolic": 124}},
                  {"_id": "a2", "_source": {"alert_id": "a2", "patient_id": "p-0002", "kind": "sustained",
                   "status": "open",
                   "opened_at": "2026-11-29T18:00:00Z", "last_reading_at": "2026-11-29T18:20:00Z", "readings": 4,
                   "systolic": 158, "diastolic": 96}}]},
                 "aggregations": {"open": {"doc_count": 27}}}""");

        OpenAlerts alerts = OpenAlerts.map(answer);

        assertThat(alerts.open()).isEqualTo(27);
        assertThat(alerts.waiting()).isEqualTo(30);
        assertThat(alerts.alerts()).containsExactly(
                new OpenAlerts.AlertRow("a1", "p-0001", "crisis", "Hypertensive crisis", true, "resolved",
                        "acknowledged", "dr.martin", "2026-11-29T18:30:02Z", 1, 1, "2026-11-29T18:30:00Z",
                        "2026-11-29T18:31:00Z", 2, 196, 124),
                new OpenAlerts.AlertRow("a2", "p-0002", "sustained", "Sustained hypertension at home", false, "open",
                        "unreviewed", null, "2026-11-29T18:00:00Z", 0, 0, "2026-11-29T18:00:00Z",
                        "2026-11-29T18:20:00Z", 4, 158, 96));
        assertThat(JSON.valueToTree(alerts).at("/alerts/0/kind_label").asText()).isEqualTo("Hypertensive crisis");
    }

    @Test
    void anIndexNobodyWroteYetIsNoAlert() throws Exception {
        OpenAlerts alerts = OpenAlerts.map(JSON.readTree("{\"hits\": {\"total\": {\"value\": 0}, \"hits\": []}}"));
        assertThat(alerts.open()).isZero();
        assertThat(alerts.alerts()).isEmpty();
    }
}
