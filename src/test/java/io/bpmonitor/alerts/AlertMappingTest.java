package io.bpmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.elasticsearch.IndexInitializer;
import org.junit.jupiter.api.Test;

/**
 * The documents the projection writes fit the strict mappings of their indices field by field: a field the mapping
 * lacks would be refused by Elasticsearch, and the projection would retry that poll for ever.
 */
class AlertMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    @Test
    void anAlertWithEveryFieldOfItsReviewFitsTheAlertMapping() throws Exception {
        Review review = new Review(ReviewStatus.CLOSED, T0, "dr-bob", "close", "dr-ada", T0.plusSeconds(60), "a note",
                ReviewOutcome.PATIENT_CONTACTED, 1, 3, List.of("ack-0001"));
        Alert alert = new Alert("a-1", "p-1", AlertKind.CRISIS, AlertStatus.RESOLVED, T0, T0, T0, T0, "closed", 1, 190,
                null, List.of("o-1"), review);

        assertThat(unmapped(JSON.readTree(AlertJson.bytes(alert)), mapping(IndexInitializer.ALERT_INDEX_DEFINITION),
                "")).isEmpty();
    }

    @Test
    void anAuditRecordFitsTheAuditMapping() throws Exception {
        Review review = new Review(ReviewStatus.ACKNOWLEDGED, T0, "dr-ada", "acknowledge", "dr-ada", T0, "a note",
                null, 0, 1, List.of("ack-0001"));
        Alert alert = new Alert("a-1", "p-1", AlertKind.CRISIS, AlertStatus.OPEN, T0, T0, null, T0, null, 1, 190, 120,
                List.of("o-1"), review);

        for (AlertEvent event : List.of(AlertEvent.ACKNOWLEDGED, AlertEvent.ESCALATED)) {
            assertThat(unmapped(JSON.readTree(AlertJson.bytes(AuditRecord.of(event, alert, T0))),
                    mapping(IndexInitializer.AUDIT_INDEX_DEFINITION), "")).as(event.code()).isEmpty();
        }
    }

    @Test
    void aPatientsDayUnderTheirOwnTargetFitsTheDaysMapping() throws Exception {
        PatientDayDocument day = new PatientDayDocument("p-1/2026-12-07", "p-1", java.time.LocalDate.of(2026, 12, 7),
                "UTC", 4, 131.5, 80.0, 120, 140, 75, 85, 2, 130.0, 79.0, 2, 133.0, 81.0, 3, 125, 75, "dr.martin", T0,
                "api", 26, 7, 131.2, 79.5, T0);

        assertThat(unmapped(JSON.readTree(AlertJson.bytes(day)),
                mapping(IndexInitializer.PATIENT_DAYS_INDEX_DEFINITION), "")).isEmpty();
    }

    private static JsonNode mapping(String resource) throws Exception {
        try (InputStream in = AlertMappingTest.class.getResourceAsStream(resource)) {
            return JSON.readTree(in).path("mappings");
        }
    }

    /** The document's fields the mapping does not declare, with their paths. */
    private static List<String> unmapped(JsonNode document, JsonNode mapping, String path) {
        List<String> missing = new ArrayList<>();
        document.fields().forEachRemaining(field -> {
            JsonNode declared = mapping.path("properties").get(field.getKey());
            if (declared == null) {
                missing.add(path + field.getKey());
            } else if (field.getValue().isObject()) {
                missing.addAll(unmapped(field.getValue(), declared, path + field.getKey() + "."));
            }
        });
        return missing;
    }
}
