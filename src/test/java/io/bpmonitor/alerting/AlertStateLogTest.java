package io.bpmonitor.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmonitor.alerting.AlertChanges.PartitionChange;
import io.bpmonitor.alerting.PartitionAlerts.PatientReading;
import io.bpmonitor.delivery.CompactedTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The records a poll's alert state becomes in its Kafka transaction, and the state read back from them: as of the
 * committed offset, afresh after a rewind, as it is after readings committed with alerts off.
 */
class AlertStateLogTest {

    private static final TopicPartition PARTITION = new TopicPartition("bp-observations", 1);
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private final AlertStateLog log = new AlertStateLog(new CompactedTopic("bp-alert-state", Map.of(), Map.of()));
    private final Episodes episodes = new Episodes(
            new AlertRules(3, Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofSeconds(10)));

    @Test
    void aPollsStateGoesToTheReadingsPartitionWithItsPosition() {
        List<ProducerRecord<byte[], byte[]>> records = log.records(poll(100, 199, "p-1", "p-2"));

        assertThat(records).allSatisfy(record -> {
            assertThat(record.topic()).isEqualTo("bp-alert-state");
            assertThat(record.partition()).isEqualTo(1);
        });
        assertThat(records).extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                .containsExactly("bp-observations", "bp-observations/p-1", "bp-observations/p-2");
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"offset\":199,\"event_time\":\"2026-11-29T10:02:00Z\"}");
    }

    @Test
    void theStateReadBackIsTheStateAsOfTheCommittedOffset() {
        PartitionChange first = poll(100, 199, "p-1").partitions().get(0);
        PartitionAlerts expected = new PartitionAlerts(PARTITION, 100, null, Map.of());
        expected.apply(first);
        PartitionChange second = expected.fold(episodes, List.of(anomaly("p-1", "obs-3", 3), anomaly("p-2", "obs-4", 4)),
                T0.plusSeconds(240), 200, 299, new ArrayList<>(), new LinkedHashMap<>());
        expected.apply(second);

        AlertStateLog.Restore restore = restoreFrom(log.records(new AlertChanges(List.of(first), List.of(), List.of())),
                log.records(new AlertChanges(List.of(second), List.of(), List.of())));

        assertThat(restore.reached(300)).isTrue();
        PartitionAlerts restored = restore.state(300);
        assertThat(restored.nextOffset()).isEqualTo(300);
        assertThat(restored.eventTime()).isEqualTo(expected.eventTime()).isEqualTo(T0.plusSeconds(240));
        assertThat(restored.patient("p-1")).isEqualTo(expected.patient("p-1"));
        assertThat(restored.patient("p-1").crisis().readings()).isEqualTo(2);
        assertThat(restored.patient("p-2")).isEqualTo(expected.patient("p-2"));
    }

    @Test
    void onlyTheReadingsTopicsOwnRecordsCount() {
        AlertStateLog.Restore restore = new AlertStateLog.Restore(PARTITION);
        log.records(poll(100, 199, "p-1")).forEach(record -> restore.add(consumed(record, "bp-other")));

        assertThat(restore.reached(200)).isFalse();
        assertThat(restore.state(200).patient("p-1")).isEqualTo(PatientAlerts.NONE);
    }

    @Test
    void aStateAheadOfTheOffsetReadFromIsARewindAndStartsAfresh() {
        AlertStateLog.Restore restore = restoreFrom(log.records(poll(100, 199, "p-1")));

        PartitionAlerts rewound = restore.state(150);
        assertThat(rewound.nextOffset()).isEqualTo(150);
        assertThat(rewound.eventTime()).isNull();
        assertThat(rewound.patient("p-1")).isEqualTo(PatientAlerts.NONE);
    }

    @Test
    void aStateBehindTheOffsetReadFromIsTakenAsItIs() {
        AlertStateLog.Restore restore = restoreFrom(log.records(poll(100, 199, "p-1")));

        assertThat(restore.reached(500)).isFalse();
        PartitionAlerts behind = restore.state(500);
        assertThat(behind.nextOffset()).isEqualTo(500);
        assertThat(behind.patient("p-1").crisis()).isNotNull();
    }

    /** A poll of {@link #PARTITION} from {@code first} to {@code last}: a crisis reading of each patient. */
    private AlertChanges poll(long first, long last, String... patients) {
        PartitionAlerts state = new PartitionAlerts(PARTITION, first, null, Map.of());
        List<PatientReading> readings = new ArrayList<>();
        for (String patient : patients) {
            readings.add(anomaly(patient, "obs-" + patient, 1));
        }
        PartitionChange change = state.fold(episodes, readings, T0.plusSeconds(120), first, last, new ArrayList<>(),
                new LinkedHashMap<>());
        return new AlertChanges(List.of(change), List.of(), List.of());
    }

    private static PatientReading anomaly(String patient, String observationId, int minute) {
        return new PatientReading(patient, new AnomalousReading(observationId, T0.plusSeconds(60L * minute), 190, 100,
                true));
    }

    @SafeVarargs
    private static AlertStateLog.Restore restoreFrom(List<ProducerRecord<byte[], byte[]>>... polls) {
        AlertStateLog.Restore restore = new AlertStateLog.Restore(PARTITION);
        for (List<ProducerRecord<byte[], byte[]>> poll : polls) {
            poll.forEach(record -> restore.add(consumed(record, PARTITION.topic())));
        }
        return restore;
    }

    /** A record as read back, its key's topic part replaced by {@code readingsTopic}. */
    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<byte[], byte[]> record, String readingsTopic) {
        String key = new String(record.key(), StandardCharsets.UTF_8).replaceFirst("^" + PARTITION.topic(), readingsTopic);
        return new ConsumerRecord<>(record.topic(), record.partition(), 0, key, record.value());
    }
}
