package io.bpmonitor.detector;

import java.time.Instant;
import java.util.Map;

import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.kafka.ConsumedRecord;

/** Polls for unit tests of the indexing step. */
public final class ClassifiedPolls {

    private ClassifiedPolls() {
    }

    /** A poll of anomalies with the given Observation ids, read from offsets 0, 1, 2, ... of partition 0. */
    public static ClassifiedPoll withAnomalies(String... ids) {
        ClassifiedPoll.Builder poll = new ClassifiedPoll.Builder(new BatchOffsets());
        for (int i = 0; i < ids.length; i++) {
            poll.anomaly(ClassifiedReading.of(new BloodPressureReading(ids[i], "p", null,
                            Instant.parse("2026-11-29T10:00:00Z"), 150, 95), -1, true, false, false),
                    new AnomalyDocument("2026-11-29T10:00:00Z", ids[i], "p", null, 150, 95, 113.3,
                            "systolic_diastolic", "grade_1", 1.5, "2026-11-29T10:00:01Z"),
                    new ConsumedRecord("bp-observations", 0, i, "p", Map.of(), new byte[] {1}));
        }
        return poll.build();
    }
}
