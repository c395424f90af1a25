package io.bpmonitor.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import io.bpmonitor.detection.BloodPressureReading;
import io.bpmonitor.indexing.AnomalyDocument;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class DetectionBatchCollectorTest {

    private final CamelContext context = new DefaultCamelContext();
    private final DetectionBatchCollector collector = new DetectionBatchCollector();
    private final BatchOffsets offsets = new BatchOffsets();

    private Exchange outcome(Object body, long offset) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(DetectionBatchCollector.OFFSETS_PROPERTY, offsets);
        exchange.setProperty(DeadLetters.SOURCE_PROPERTY,
                new SourceRecord("t", 0, offset, "p", Map.of(), new byte[] {1}));
        exchange.getMessage().setBody(body);
        return exchange;
    }

    @Test
    void sortsEachRecordsOutcome() {
        AnomalyDocument anomaly = new AnomalyDocument("2026-11-29T10:00:00Z", "obs-1", "p", null, 150, 95, 113.3,
                "systolic_diastolic", "grade_1", 1.5, "2026-11-29T10:00:01Z");
        BloodPressureReading normal = new BloodPressureReading("obs-2", "p", null, Instant.EPOCH, 120, 80);
        DeadLetter deadLetter = new DeadLetter(new SourceRecord("t", 0, 2, "p", Map.of(), new byte[] {9}),
                "not an Observation: Patient", "x", Instant.EPOCH);

        Exchange aggregated = collector.aggregate(null, outcome(anomaly, 0));
        aggregated = collector.aggregate(aggregated, outcome(normal, 1));
        aggregated = collector.aggregate(aggregated, outcome(deadLetter, 2));
        aggregated = collector.aggregate(aggregated, outcome(anomaly, 3));

        DetectionBatch batch = aggregated.getMessage().getBody(DetectionBatch.class);
        assertThat(batch.anomalies()).containsExactly(anomaly);
        assertThat(batch.readings()).isEqualTo(3);
        assertThat(batch.normal()).isEqualTo(1);
        assertThat(batch.deadLetters()).containsExactly(deadLetter);
        assertThat(batch.offsets()).isSameAs(offsets);
    }
}
