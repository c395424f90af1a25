package io.bpmonitor.detector;

import java.time.Instant;
import java.util.Map;

import io.bpmonitor.detector.AnomalyDocument;
import io.bpmonitor.detector.ClassifiedReading;
import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.kafka.SourceRecord;

/** Batches for unit tests of the indexing step. */
public final class DetectionBatchFixtures {

    private DetectionBatchFixtures() {
    }

    /** A batch of anomalies with the given Observation ids, read from offsets 0, 1, 2, ... of partition 0. */
    public static DetectionBatch withAnomalies(String... ids) {
        DetectionBatch batch = new DetectionBatch(new BatchOffsets());
        for (int i = 0; i < ids.length; i++) {
            batch.addAnomaly(ClassifiedReading.of(new BloodPressureReading(ids[i], "p", null,
                            Instant.parse("2026-11-29T10:00:00Z"), 150, 95), -1, true, false),
                    new AnomalyDocument("2026-11-29T10:00:00Z", ids[i], "p", null, 150, 95, 113.3,
                    "systolic_diastolic", "grade_1", 1.5, "2026-11-29T10:00:01Z"),
                    new SourceRecord("bp-observations", 0, i, "p", Map.of(), new byte[] {1}));
        }
        return batch;
    }
}
