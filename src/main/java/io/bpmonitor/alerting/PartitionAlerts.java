package io.bpmonitor.alerting;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmonitor.alerting.AlertChanges.PartitionChange;
import org.apache.kafka.common.TopicPartition;

/**
 * The alert state of one partition's patients as of an offset: a cache of what {@link AlertStateLog} holds. It is
 * valid only for a poll that starts right at {@link #nextOffset()}; any other start (a rewind, a partition that went
 * to another detector and came back) means it is reloaded. Changed only by {@link #apply}, after the poll's commit.
 */
final class PartitionAlerts {

    /** One anomalous reading of a patient, in the order the partition holds them. */
    record PatientReading(String patientId, AnomalousReading reading) {
    }

    private final TopicPartition partition;
    private final Map<String, PatientAlerts> patients;
    private long nextOffset;
    private Instant eventTime;

    PartitionAlerts(TopicPartition partition, long nextOffset, Instant eventTime, Map<String, PatientAlerts> patients) {
        this.partition = partition;
        this.nextOffset = nextOffset;
        this.eventTime = eventTime;
        this.patients = new HashMap<>(patients);
    }

    TopicPartition partition() {
        return partition;
    }

    long nextOffset() {
        return nextOffset;
    }

    Instant eventTime() {
        return eventTime;
    }

    PatientAlerts patient(String patientId) {
        return patients.getOrDefault(patientId, PatientAlerts.NONE);
    }

    /**
     * Folds a poll's anomalies of this partition in order, then resolves what the partition's event time (the latest
     * effective time read from it) has left quiet for longer than the quiet period.
     *
     * @param events receives the alerts that opened or resolved, in order
     * @param alerts receives the latest version of each alert that changed
     */
    PartitionChange fold(Episodes episodes, List<PatientReading> readings, Instant batchEventTime, long firstOffset,
                         long lastOffset, List<Alert> events, Map<String, Alert> alerts) {
        Map<String, PatientAlerts> changed = new LinkedHashMap<>();
        for (PatientReading patientReading : readings) {
            String patientId = patientReading.patientId();
            PatientAlerts before = changed.getOrDefault(patientId, patient(patientId));
            Episodes.Step step = episodes.fold(patientId, before, patientReading.reading());
            record(patientId, before, step, changed, events, alerts);
        }
        Instant now = eventTime == null || batchEventTime != null && batchEventTime.isAfter(eventTime)
                ? batchEventTime : eventTime;
        if (now != null) {
            Map<String, PatientAlerts> current = new HashMap<>(patients);
            current.putAll(changed);
            current.forEach((patientId, state) -> {
                if (state.hasOpenAlert()) {
                    record(patientId, state, episodes.sweep(state, now), changed, events, alerts);
                }
            });
        }
        return new PartitionChange(partition, firstOffset, lastOffset, now, changed);
    }

    private static void record(String patientId, PatientAlerts before, Episodes.Step step,
                               Map<String, PatientAlerts> changed, List<Alert> events, Map<String, Alert> alerts) {
        if (step.state().equals(before)) {
            return;
        }
        changed.put(patientId, step.state());
        events.addAll(step.events());
        // an alert resolved and a new one of its kind opened in one step: the resolved one is written too
        step.events().forEach(event -> alerts.put(event.alertId(), event));
        for (AlertKind kind : AlertKind.values()) {
            Alert alert = step.state().latest(kind);
            if (alert != null && !alert.equals(before.latest(kind))) {
                alerts.put(alert.alertId(), alert);
            }
        }
    }

    /** The poll is committed: its changes are the state from now on. */
    void apply(PartitionChange change) {
        patients.putAll(change.patients());
        eventTime = change.eventTime();
        nextOffset = change.lastOffset() + 1;
    }
}
