package io.bpmonitor.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AnomalyDocumentTest {

    private final ObjectMapper jackson = new ObjectMapper();

    @Test
    void theHandWrittenJsonHoldsWhatJacksonWritesOfTheRecord() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            int systolic = random.nextInt(60, 301);
            int diastolic = random.nextInt(30, 201);
            AnomalyDocument document = new AnomalyDocument("2026-12-07T08:00:0" + i % 10 + "Z", "obs-" + i,
                    "patient-\"" + i + "\u00e9", i % 3 == 0 ? null : "cuff-" + i, systolic, diastolic,
                    (systolic + 2.0 * diastolic) / 3, "systolic_diastolic", "grade_" + i % 3,
                    random.nextDouble(), i % 5 == 0 ? null : "2026-12-07T11:00:00.123Z");
            // the same fields in the same order, each the same value (a double's text may be shorter)
            JsonNode written = jackson.readTree(document.toJson());
            assertThat(fieldNames(written)).isEqualTo(fieldNames(jackson.valueToTree(document)));
            assertThat(written).isEqualTo(jackson.valueToTree(document));
            assertThat(jackson.treeToValue(written, AnomalyDocument.class)).isEqualTo(document);
        }
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
