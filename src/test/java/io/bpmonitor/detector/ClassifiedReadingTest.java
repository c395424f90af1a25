package io.bpmonitor.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ClassifiedReadingTest {

    private static final ClassifiedReading CRISIS = new ClassifiedReading("patient-1", "obs-1",
            Instant.parse("2026-12-07T08:15:30.250Z"), Instant.parse("2026-12-07T11:15:30Z"), 196, 118,
            "isolated_systolic", true, true, false);

    @Test
    void theTopicsJsonNamesEveryFieldAndReadsBackTheSame() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ClassifiedReading.toJson(List.of(CRISIS))).get(0);
        assertThat(json.get("patient_id").asText()).isEqualTo("patient-1");
        assertThat(json.get("effective_at").asText()).isEqualTo("2026-12-07T08:15:30.250Z");
        assertThat(json.get("arrived_at").asText()).isEqualTo("2026-12-07T11:15:30Z");
        assertThat(json.get("systolic").asInt()).isEqualTo(196);
        assertThat(json.get("crisis").asBoolean()).isTrue();
        ClassifiedReading noArrival = new ClassifiedReading("patient-1", "obs-2", CRISIS.effectiveAt(), null, 120, 80,
                "none", false, false, false);
        ClassifiedReading low = new ClassifiedReading("patient-1", "obs-3", CRISIS.effectiveAt(), null, 72, 44,
                "none", false, false, true);
        assertThat(ClassifiedReading.fromJson(ClassifiedReading.toJson(List.of(CRISIS, noArrival))))
                .containsExactly(CRISIS, noArrival);
        assertThat(ClassifiedReading.fromJson(ClassifiedReading.toJson(List.of(low)))).containsExactly(low);
        assertThat(low.alerting()).as("a low pressure concerns the alerts").isTrue();
        assertThat(noArrival.alerting()).isFalse();
    }

    @Test
    void theFirstReleasesOneObjectPerRecordIsStillRead() {
        String oneObject = "{\"patient_id\":\"patient-1\",\"observation_id\":\"obs-1\","
                + "\"effective_at\":\"2026-12-07T08:15:30.250Z\",\"arrived_at\":\"2026-12-07T11:15:30Z\","
                + "\"systolic\":196,\"diastolic\":118,\"classification\":\"isolated_systolic\","
                + "\"anomaly\":true,\"crisis\":true}";
        assertThat(ClassifiedReading.fromJson(oneObject.getBytes(StandardCharsets.UTF_8))).containsExactly(CRISIS);
    }

    @Test
    void unknownFieldsArePassedByAndWhatIsNoReadingIsRefused() {
        String extra = "{\"patient_id\":\"p\",\"future\":{\"a\":[1,2]},\"observation_id\":\"o\","
                + "\"effective_at\":\"2026-12-07T08:00:00Z\",\"systolic\":150,\"diastolic\":95,\"anomaly\":true}";
        ClassifiedReading read = ClassifiedReading.fromJson(("[" + extra + "]").getBytes(StandardCharsets.UTF_8))
                .get(0);
        assertThat(read.systolic()).isEqualTo(150);
        assertThat(read.anomaly()).isTrue();
        assertThat(read.arrivedAt()).isNull();

        for (String junk : new String[] {"\"a\"", "not json", "[1]", "[{\"patient_id\":\"p\"}", "{\"patient_id\":\"p\",\"observation_id\":\"o\"}",
                "{\"patient_id\":\"p\",\"observation_id\":\"o\",\"effective_at\":\"2026-12-07T08:00:00Z\","
                        + "\"systolic\":null}",
                "{\"patient_id\":\"p\",\"observation_id\":\"o\",\"effective_at\":\"yesterday\"}"}) {
            assertThatThrownBy(() -> ClassifiedReading.fromJson(junk.getBytes(StandardCharsets.UTF_8))).as(junk)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not classified readings");
        }
    }
}
