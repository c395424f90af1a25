package io.bpmonitor.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmonitor.alerting.AlertChanges.PartitionChange;
import io.bpmonitor.alerting.PartitionAlerts.PatientReading;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Which alert documents a poll writes: an alert's opening and resolving at once; as its episode grows, at most once
 * per slot of the update interval (10 s of effective time), the rest caught up when the partition's event time
 * reaches the next slot.
 */
class PartitionAlertsTest {

    private static final TopicPartition PARTITION = new TopicPartition("bp-observations", 0);
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private final Episodes episodes = new Episodes(
            new AlertRules(3, Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofSeconds(10)));
    private final PartitionAlerts state = new PartitionAlerts(PARTITION, 0, null, Map.of());
    private long nextOffset;

    @Test
    void anOpeningIsWrittenAtOnceAndAGrowingEpisodeOncePerInterval() {
        // a sustained alert opens with the third anomalous reading, at 2 s, in the slot from 0 to 10 s
        assertThat(poll(reading("p-1", 0), reading("p-1", 1), reading("p-1", 2))).singleElement()
                .satisfies(alert -> assertThat(alert.readings()).as("as it opened").isEqualTo(3));
        assertThat(poll(reading("p-1", 3), reading("p-1", 9))).as("the same slot: not due").isEmpty();
        assertThat(state.patient("p-1").behind()).isTrue();

        List<Alert> due = poll(reading("p-1", 10), reading("p-1", 13));
        assertThat(due).singleElement().satisfies(alert -> {
            assertThat(alert.readings()).as("every reading up to the one in the next slot").isEqualTo(6);
            assertThat(alert.lastReadingAt()).isEqualTo(T0.plusSeconds(10));
        });
        assertThat(state.patient("p-1").behind()).as("the reading at 13 s waits").isTrue();
    }

    @Test
    void anAlertLeftBehindIsWrittenOnceThePartitionsEventTimeReachesTheNextSlot() {
        poll(reading("p-1", 0), reading("p-1", 1), reading("p-1", 2), reading("p-1", 5));

        assertThat(poll(normal("p-2", 9))).as("the same slot").isEmpty();
        List<Alert> caughtUp = poll(normal("p-2", 10));

        assertThat(caughtUp).singleElement().satisfies(alert -> {
            assertThat(alert.patientId()).isEqualTo("p-1");
            assertThat(alert.readings()).isEqualTo(4);
            assertThat(alert.lastReadingAt()).isEqualTo(T0.plusSeconds(5));
        });
        assertThat(state.patient("p-1").behind()).isFalse();
        assertThat(poll(normal("p-2", 30))).as("nothing left to write").isEmpty();
    }

    @Test
    void readingsFurtherApartThanTheIntervalAreEachWritten() {
        poll(reading("p-1", 0), reading("p-1", 1), reading("p-1", 2));

        assertThat(poll(reading("p-1", 60))).singleElement()
                .satisfies(alert -> assertThat(alert.readings()).isEqualTo(4));
        assertThat(poll(reading("p-1", 120))).singleElement()
                .satisfies(alert -> assertThat(alert.readings()).isEqualTo(5));
        assertThat(state.patient("p-1").behind()).isFalse();
    }

    @Test
    void aResolutionIsWrittenAtOnceWithEveryReadingOfTheEpisode() {
        poll(reading("p-1", 0), reading("p-1", 1), reading("p-1", 2), reading("p-1", 4));

        List<Alert> resolved = poll(normal("p-2", 3 * 3600));

        assertThat(resolved).singleElement().satisfies(alert -> {
            assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(alert.readings()).isEqualTo(4);
        });
    }

    /** Folds one poll of {@code readings} and commits it; the alerts whose documents it writes. */
    private List<Alert> poll(PatientReading... readings) {
        List<PatientReading> anomalies = new ArrayList<>();
        Instant eventTime = null;
        for (PatientReading reading : readings) {
            eventTime = reading.reading().effectiveAt();
            if (reading.reading().systolic() > 0) {
                anomalies.add(reading);
            }
        }
        Map<String, Alert> written = new LinkedHashMap<>();
        long first = nextOffset;
        nextOffset += readings.length;
        PartitionChange change = state.fold(episodes, anomalies, eventTime, first, nextOffset - 1, new ArrayList<>(),
                written);
        state.apply(change);
        return List.copyOf(written.values());
    }

    /** An anomalous reading, not a crisis. */
    private static PatientReading reading(String patientId, int second) {
        return new PatientReading(patientId, new AnomalousReading(patientId + "@" + second, T0.plusSeconds(second), null, 150,
                95, false));
    }

    /** A normal reading: it only moves the partition's event time on. */
    private static PatientReading normal(String patientId, int second) {
        return new PatientReading(patientId, new AnomalousReading(patientId + "@" + second, T0.plusSeconds(second), null, 0,
                0, false));
    }
}
