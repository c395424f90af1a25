package io.bpmonitor.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.core.bulk.DeleteOperation;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import io.bpmonitor.alerting.AlertChanges.PartitionChange;
import io.bpmonitor.alerting.PartitionAlerts.PatientReading;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The bulk operations a poll's alert changes become: what is written to the state index and what is deleted. */
class AlertStateStoreTest {

    private static final TopicPartition PARTITION = new TopicPartition("bp-observations", 0);
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private final AlertStateStore store = new AlertStateStore(null, "bp_alert_state", "bp_alerts");
    private final Episodes episodes = new Episodes(new AlertRules(3, Duration.ofMinutes(30), Duration.ofMinutes(60)));

    @Test
    void aSnapshotAnUncommittedPollWroteAtTheSameOffsetIsWrittenAgainNotDeleted() {
        String patientKey = store.patientKey(PARTITION, "p-1");
        String eventTimeKey = store.partitionKey(PARTITION);
        // loaded at offset 100: p-1 as of 50 is in force; what a poll that never committed wrote at 199 is obsolete,
        // and so is p-1's history at 20
        String uncommittedPatient = AlertStateStore.snapshotId(patientKey, 199);
        String uncommittedEventTime = AlertStateStore.snapshotId(eventTimeKey, 199);
        String uncommittedElsewhere = AlertStateStore.snapshotId(patientKey, 150);
        String history = AlertStateStore.snapshotId(patientKey, 20);
        PartitionAlerts state = new PartitionAlerts(PARTITION, 100, T0, Map.of("p-1", PatientAlerts.NONE),
                Map.of(patientKey, 50L, eventTimeKey, 50L),
                List.of(uncommittedPatient, uncommittedEventTime, uncommittedElsewhere, history));

        // the poll read again from 100 ends at 199 too
        PartitionChange change = state.fold(episodes, List.of(new PatientReading("p-1",
                        new AnomalousReading("obs-1", T0.plusSeconds(60), 190, 100, true))),
                T0.plusSeconds(60), 100, 199, new ArrayList<>(), new LinkedHashMap<>());
        List<Object> operations = store.operations(new AlertChanges(List.of(change), List.of(), List.of()));

        List<String> indexed = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (Object operation : operations) {
            if (operation instanceof IndexOperation.Builder<?> index) {
                indexed.add(index.build().id());
            } else {
                deleted.add(((DeleteOperation.Builder) operation).build().id());
            }
        }
        assertThat(indexed).containsExactlyInAnyOrder(uncommittedPatient, uncommittedEventTime);
        assertThat(deleted).containsExactlyInAnyOrder(uncommittedElsewhere, history);
    }
}
