package io.bpmonitor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmonitor.testing.KnownReadings.Sent;

/** The anomalies a set of sent readings must leave in the index, exactly, computed from what was sent. */
public final class ExpectedAnomalies {

    private final Map<String, Sent> byId = new LinkedHashMap<>();

    private ExpectedAnomalies(Collection<Sent> sent) {
        for (Sent reading : sent) {
            if (reading.isAnomaly()) {
                byId.put(reading.id(), reading);
            }
        }
    }

    public static ExpectedAnomalies of(Collection<Sent> sent) {
        return new ExpectedAnomalies(sent);
    }

    public int size() {
        return byId.size();
    }

    public Map<String, Sent> byId() {
        return byId;
    }

    /**
     * Waits until the group has committed the whole topic and the index holds as many documents as expected, then
     * asserts ids and values exactly: none missing, none extra (an id is indexed at most once by construction).
     */
    public void awaitExactlyIn(String index, String group, String topic, Duration timeout) throws Exception {
        Poll.until(timeout, () -> GroupOffsets.lag(group, topic) == 0 && Anomalies.count(index) >= byId.size(),
                "group " + group + " committed all of " + topic + " and " + byId.size() + " anomalies in " + index);
        assertExactlyIn(index);
    }

    public void assertExactlyIn(String index) throws Exception {
        Map<String, JsonNode> documents = Anomalies.all(index);
        assertThat(documents.keySet()).as("anomaly ids in " + index)
                .containsExactlyInAnyOrderElementsOf(byId.keySet());
        documents.forEach((id, document) -> {
            Sent reading = byId.get(id);
            assertThat(document.path("observation_id").asText()).as(id).isEqualTo(reading.id());
            assertThat(document.path("patient_id").asText()).as(id).isEqualTo(reading.patientId());
            assertThat(document.path("systolic").asInt()).as(id + " systolic").isEqualTo(reading.systolic());
            assertThat(document.path("diastolic").asInt()).as(id + " diastolic").isEqualTo(reading.diastolic());
        });
    }
}
