package io.bpmonitor.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.elasticsearch.IndexInitializer;
import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.rules.HypertensionClassifier;
import org.junit.jupiter.api.Test;

class AnomalyDocumentMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AnomalyDocumentMapper mapper = new AnomalyDocumentMapper(new HypertensionClassifier(),
            Clock.fixed(Instant.parse("2026-11-29T10:00:05Z"), ZoneOffset.UTC));

    @Test
    void mapsAReadingToTheDocumentContract() {
        AnomalyDocument document = mapper.toDocument(new BloodPressureReading("obs-7", "p-0007", "cuff-0007",
                Instant.parse("2026-11-29T10:00:00Z"), 165, 95));

        JsonNode json = JSON.valueToTree(document);

        assertThat(json.path("@timestamp").asText()).isEqualTo("2026-11-29T10:00:00Z");
        assertThat(json.path("observation_id").asText()).isEqualTo("obs-7");
        assertThat(json.path("patient_id").asText()).isEqualTo("p-0007");
        assertThat(json.path("device_id").asText()).isEqualTo("cuff-0007");
        assertThat(json.path("systolic").asInt()).isEqualTo(165);
        assertThat(json.path("diastolic").asInt()).isEqualTo(95);
        assertThat(json.path("hypertension_type").asText()).isEqualTo("systolic_diastolic");
        assertThat(json.path("grade").asText()).isEqualTo("grade_2");
        assertThat(json.path("severity").asDouble()).isEqualTo(2.25);
        assertThat(json.path("mean_arterial_pressure").asDouble()).isEqualTo(118.3);
        assertThat(json.path("ingested_at").asText()).isEqualTo("2026-11-29T10:00:05Z");
    }

    @Test
    void omitsTheDeviceWhenTheSensorIsNotNamed() {
        AnomalyDocument document = mapper.toDocument(new BloodPressureReading("obs-8", "p-0008", null,
                Instant.parse("2026-11-29T10:00:00Z"), 150, 80));

        assertThat(JSON.valueToTree(document).has("device_id")).isFalse();
    }

    @Test
    void everyDocumentFieldIsInTheMapping() throws Exception {
        JsonNode mapping = JSON.readTree(getClass().getResourceAsStream(IndexInitializer.INDEX_DEFINITION))
                .path("mappings").path("properties");
        JsonNode document = JSON.valueToTree(mapper.toDocument(new BloodPressureReading("o", "p", "d",
                Instant.EPOCH, 150, 95)));

        assertThat(names(document.fieldNames())).isEqualTo(names(mapping.fieldNames()));
    }

    private static Set<String> names(Iterator<String> names) {
        Set<String> set = new TreeSet<>();
        names.forEachRemaining(set::add);
        return set;
    }
}
