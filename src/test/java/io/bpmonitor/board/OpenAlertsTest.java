package io.bpmonitor.board;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The open-alerts search and the reading of its answer. */
class OpenAlertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void asksForTheOpenAndTheEndedUnreviewedCrisesFirstWithTheOpenCount() {
        JsonNode query = OpenAlerts.query();
        assertThat(query.at("/query/bool/should/0/term/status").asText()).isEqualTo("open");
        assertThat(query.at("/query/bool/should/1/term/review_status").asText()).isEqualTo("unreviewed");
        assertThat(query.at("/query/bool/should/2/bool/must_not/exists/field").asText()).isEqualTo("review_status");
        assertThat(query.at("/query/bool/must_not/0/term/status").asText()).as("a withdrawn alert never was one")
                .isEqualTo("withdrawn");
        assertThat(query.at("/aggs/open/filter/term/status").asText()).isEqualTo("open");
        assertThat(query.at("/sort/0/kind/order").asText()).as("the urgent kinds first").isEqualTo("asc");
        assertThat(query.at("/sort/1/status/order").asText()).as("open before resolved").isEqualTo("asc");
        assertThat(query.at("/sort/2/opened_at/order").asText()).isEqualTo("desc");
        assertThat(query.at("/sort/3/alert_id/order").asText()).as("ties in a stable order").isEqualTo("asc");
        assertThat(query.path("size").asInt()).isEqualTo(OpenAlerts.SHOWN);
        assertThat(query.at("/_source/includes").toString())
                .contains("patient_id", "kind", "opened_at", "systolic", "diastolic").doesNotContain("observation_ids");
    }

    @Test
    void readsEachHitIntoARowWithAReadableKind() throws Exception {
        JsonNode answer = JSON.readTree("""
                {"hits": {"total": {"value": 30}, "hits": [
                  {"_id": "a1", "_source": {"alert_id": "a1", "patient_id": "p-0001", "kind": "crisis",
                   "status": "resolved", "review_status": "unreviewed",
                   "opened_at": "2026-11-29T18:30:00Z", "last_reading_at": "2026-11-29T18:31:00Z", "readings": 2,
                   "systolic": 196, "diastolic": 124}},
                  {"_id": "a2", "_source": {"alert_id": "a2", "patient_id": "p-0002", "kind": "sustained",
                   "status": "open",
                   "opened_at": "2026-11-29T18:00:00Z", "last_reading_at": "2026-11-29T18:20:00Z", "readings": 4,
                   "systolic": 158, "diastolic": 96}}]},
                 "aggregations": {"open": {"doc_count": 27}}}""");

        OpenAlerts alerts = OpenAlerts.map(answer);

        assertThat(alerts.open()).isEqualTo(27);
        assertThat(alerts.alerts()).containsExactly(
                new OpenAlerts.AlertRow("a1", "p-0001", "crisis", "Hypertensive crisis", "resolved", "unreviewed",
                        "2026-11-29T18:30:00Z", "2026-11-29T18:31:00Z", 2, 196, 124),
                new OpenAlerts.AlertRow("a2", "p-0002", "sustained", "Sustained hypertension at home", "open", "unreviewed",
                        "2026-11-29T18:00:00Z", "2026-11-29T18:20:00Z", 4, 158, 96));
        assertThat(JSON.valueToTree(alerts).at("/alerts/0/kind_label").asText()).isEqualTo("Hypertensive crisis");
    }

    @Test
    void anIndexNobodyWroteYetIsNoAlert() throws Exception {
        OpenAlerts alerts = OpenAlerts.map(JSON.readTree("{\"hits\": {\"total\": {\"value\": 0}, \"hits\": []}}"));
        assertThat(alerts.open()).isZero();
        assertThat(alerts.alerts()).isEmpty();
    }
}
