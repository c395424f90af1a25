package io.bpmonitor.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Alerts as the alert engine publishes them on BP_ALERT_TOPIC and indexes them into BP_ALERT_INDEX (the contract the
 * outputs and the board read), written by the tests themselves so the outputs are tested without the engine.
 */
public final class ContractAlerts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractAlerts() {
    }

    /** An alert as it opens: no resolution yet. */
    public static ObjectNode open(String alertId, String patientId, String kind, String openedAt, int systolic,
                                  int diastolic, List<String> observationIds) {
        ObjectNode alert = JSON.createObjectNode();
        alert.put("alert_id", alertId);
        alert.put("patient_id", patientId);
        alert.put("kind", kind);
        alert.put("status", "open");
        alert.put("opened_at", openedAt);
        alert.put("last_reading_at", openedAt);
        alert.putNull("resolved_at");
        alert.putNull("resolution");
        alert.put("readings", observationIds.size());
        alert.put("systolic", systolic);
        alert.put("diastolic", diastolic);
        ArrayNode ids = alert.putArray("observation_ids");
        observationIds.forEach(ids::add);
        return alert;
    }

    /** The same alert as it resolves. */
    public static ObjectNode resolved(ObjectNode open, String resolvedAt, String resolution) {
        ObjectNode alert = open.deepCopy();
        alert.put("status", "resolved");
        alert.put("resolved_at", resolvedAt);
        alert.put("resolution", resolution);
        return alert;
    }

    public static byte[] bytes(ObjectNode alert) {
        return alert.toString().getBytes(StandardCharsets.UTF_8);
    }
}
