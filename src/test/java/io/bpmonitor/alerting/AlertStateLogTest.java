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
 * The checkpoints of the alert state in the polls' Kafka transactions, and the state read back from them: as of the
 * last checkpoint, caught up with the readings read again, going on from its position when ahead of the poll, as it
 * is when far behind.
 */
class AlertStateLogTest {

    private static final TopicPartition PARTITION = new TopicPartition("bp-observations", 1);
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private final AlertStateLog log = new AlertStateLog(new CompactedTopic("bp-alert-state", Map.of(), Map.of()));
    private final Episodes episodes = new Episodes(
            new AlertRules(3, Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofSeconds(10)));

    @Test
    void aCheckpointGoesToTheReadingsPartitionWithItsPosition() {
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
    void onlyACheckpointGoesOutTheFirstPollAfterALoadAndThenEveryTenThousandRecords() {
        PartitionAlerts state = new PartitionAlerts(PARTITION, 100, null, Map.of());
        PartitionChange first = fold(state, 100, 199, anomaly("p-1", "obs-1", 1));
        state.apply(first);
        PartitionChange second = fold(state, 200, 299, anomaly("p-2", "obs-2", 2));
        state.apply(second);
        PartitionChange due = fold(state, 300, 199 + PartitionAlerts.CHECKPOINT_RECORDS, anomaly("p-3", "obs-3", 3));

        assertThat(keys(log.records(changes(first)))).containsExactly("bp-observations", "bp-observations/p-1");
        assertThat(log.records(changes(second))).isEmpty();
        assertThat(keys(log.records(changes(due)))).as("every patient changed since the last checkpoint")
                .containsExactlyInAnyOrder("bp-observations", "bp-observations/p-2", "bp-observations/p-3");
    }

    @Test
    void theStateReadBackIsTheLastCheckpointsAndTellsWhereToReadAgainFrom() {
        PartitionChange first = poll(100, 199, "p-1").partitions().get(0);
        PartitionAlerts expected = new PartitionAlerts(PARTITION, 100, null, Map.of());
        expected.apply(first);

        AlertStateLog.Restore restore = restoreFrom(log.records(changes(first)));

        PartitionAlerts exact = restore.state(200);
        assertThat(exact.nextOffset()).isEqualTo(200);
        assertThat(exact.eventTime()).isEqualTo(expected.eventTime()).isEqualTo(T0.plusSeconds(120));
        assertThat(exact.patient("p-1")).isEqualTo(expected.patient("p-1"));
        assertThat(restore.state(300).nextOffset()).as("the readings from 200 to 299 are to be read again")
                .isEqualTo(200);
    }

    @Test
    void readingsReadAgainBringTheCheckpointUpToTheCommittedOffset() {
        PartitionAlerts live = new PartitionAlerts(PARTITION, 100, null, Map.of());
        PartitionChange first = fold(live, 100, 199, anomaly("p-1", "obs-1", 1));
        live.apply(first);
        List<PatientReading> later = List.of(anomaly("p-1", "obs-2", 2), anomaly("p-2", "obs-3", 3));
        live.apply(live.fold(episodes, later, T0.plusSeconds(180), 200, 299, new ArrayList<>(), new LinkedHashMap<>()));

        PartitionAlerts restored = restoreFrom(log.records(changes(first))).state(300);
        restored.catchUp(episodes, later, T0.plusSeconds(180), 299);

        assertThat(restored.nextOffset()).isEqualTo(300);
        assertThat(restored.eventTime()).isEqualTo(live.eventTime());
        assertThat(restored.patient("p-1").crisis()).isEqualTo(live.patient("p-1").crisis());
        assertThat(restored.patient("p-1").crisis().readings()).isEqualTo(2);
        assertThat(restored.patient("p-2").crisis()).isEqualTo(live.patient("p-2").crisis());
        assertThat(restored.patient("p-1").behind()).as("what was deferred before is not known").isTrue();
    }

    @Test
    void onlyTheReadingsTopicsOwnRecordsCount() {
        AlertStateLog.Restore restore = new AlertStateLog.Restore(PARTITION);
        log.records(poll(100, 199, "p-1")).forEach(record -> restore.add(consumed(record, "bp-other")));

        assertThat(restore.state(200).patient("p-1")).isEqualTo(PatientAlerts.NONE);
    }

    @Test
    void aStateAheadOfThePollGoesOnFromItsPosition() {
        // a poll another detector has committed further since, or a rewind: the readings before 200 were alerted on
        AlertStateLog.Restore restore = restoreFrom(log.records(poll(100, 199, "p-1")));

        PartitionAlerts ahead = restore.state(150);
        assertThat(ahead.nextOffset()).isEqualTo(200);
        assertThat(ahead.patient("p-1").crisis()).isNotNull();
    }

    @Test
    void aStateTooFarBehindIsTakenAsItIs() {
        AlertStateLog.Restore restore = restoreFrom(log.records(poll(100, 199, "p-1")));

        PartitionAlerts behind = restore.state(200 + AlertStateLog.MAX_CATCH_UP + 1);
        assertThat(behind.nextOffset()).isEqualTo(200 + AlertStateLog.MAX_CATCH_UP + 1);
        assertThat(behind.patient("p-1").crisis()).isNotNull();
    }

    /** Folds one anomalous reading as a poll from {@code first} to {@code last}; the event time is the reading's. */
    private PartitionChange fold(PartitionAlerts state, long first, long last, PatientReading reading) {
        return state.fold(episodes, List.of(reading), reading.reading().effectiveAt(), first, last, new ArrayList<>(),
                new LinkedHashMap<>());
    }

    private static AlertChanges changes(PartitionChange change) {
        return new AlertChanges(List.of(change), List.of());
    }

    private static List<String> keys(List<ProducerRecord<byte[], byte[]>> records) {
        return records.stream().map(record -> new String(record.key(), StandardCharsets.UTF_8)).toList();
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
        return new AlertChanges(List.of(change), List.of());
    }

    private static PatientReading anomaly(String patient, String observationId, int minute) {
        return new PatientReading(patient, new AnomalousReading(observationId, T0.plusSeconds(60L * minute), null, 190, 100,
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
