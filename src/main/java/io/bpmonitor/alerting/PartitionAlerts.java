package io.bpmonitor.alerting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bpmonitor.alerting.AlertChanges.PartitionChange;
import org.apache.kafka.common.TopicPartition;

/**
 * The alert state of one partition's patients as of an offset. It is valid only for a poll that starts right at
 * {@link #nextOffset()}; any other start (a rewind, a partition that went to another detector and came back) means it
 * is reloaded. Changed only by {@link #apply}, after the poll's commit, and by {@link #catchUp}. The patients it
 * changed since its last checkpoint in {@link AlertStateLog} go there with the next one: the first poll after a load
 * and then a poll every {@value #CHECKPOINT_RECORDS} records.
 */
final class PartitionAlerts {

    /** One anomalous reading of a patient, in the order the partition holds them. */
    record PatientReading(String patientId, AnomalousReading reading) {
    }

    /** How many records apart the checkpoints are: a takeover reads at most about this many records again. */
    static final long CHECKPOINT_RECORDS = 10_000;
    private static final long NO_CHECKPOINT = Long.MIN_VALUE;

    private final TopicPartition partition;
    private final Map<String, PatientAlerts> patients;
    /** Patients changed since the last checkpoint. */
    private final Set<String> unsaved = new HashSet<>();
    private long nextOffset;
    private Instant eventTime;
    private long checkpointedThrough = NO_CHECKPOINT;

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
     * effective time read from it) has left quiet for longer than the quiet period, and rewrites the documents of
     * alerts left behind ({@link AlertRules#updateInterval()}) once it is due.
     *
     * @param events receives the alerts that opened or resolved, in order
     * @param alerts receives the latest version of each alert whose document is to be written
     */
    PartitionChange fold(Episodes episodes, List<PatientReading> readings, Instant batchEventTime, long firstOffset,
                         long lastOffset, List<Alert> events, Map<String, Alert> alerts) {
        AlertRules rules = episodes.rules();
        Map<String, PatientAlerts> changed = new LinkedHashMap<>();
        for (PatientReading patientReading : readings) {
            String patientId = patientReading.patientId();
            PatientAlerts before = changed.getOrDefault(patientId, patient(patientId));
            Episodes.Step step = episodes.fold(patientId, before, patientReading.reading());
            record(patientId, before, step, patientReading.reading().effectiveAt(), rules, changed, events, alerts);
        }
        Instant now = eventTime == null || batchEventTime != null && batchEventTime.isAfter(eventTime)
                ? batchEventTime : eventTime;
        if (now != null) {
            Map<String, PatientAlerts> current = new HashMap<>(patients);
            current.putAll(changed);
            current.forEach((patientId, state) -> {
                if (state.hasOpenAlert()) {
                    record(patientId, state, episodes.sweep(state, now), now, rules, changed, events, alerts);
                }
                PatientAlerts after = changed.getOrDefault(patientId, state);
                if (after.behind() && rules.updateDue(after.writtenAt(), now)) {
                    changed.put(patientId, written(after, after, now, alerts));
                }
            });
        }
        Map<String, PatientAlerts> checkpoint = null;
        if (checkpointedThrough == NO_CHECKPOINT || lastOffset - checkpointedThrough >= CHECKPOINT_RECORDS) {
            checkpoint = new LinkedHashMap<>();
            for (String patientId : unsaved) {
                checkpoint.put(patientId, patients.get(patientId));
            }
            checkpoint.putAll(changed);
        }
        return new PartitionChange(partition, firstOffset, lastOffset, now, changed, checkpoint);
    }

    /**
     * Folds readings committed after the last checkpoint, read again after a load: their events and documents went out
     * when they were first read. Every open alert is then taken as behind, since what was deferred is not known.
     */
    void catchUp(Episodes episodes, List<PatientReading> readings, Instant latest, long lastOffset) {
        PartitionChange change = fold(episodes, readings, latest, nextOffset, lastOffset, new ArrayList<>(),
                new HashMap<>());
        patients.putAll(change.patients());
        unsaved.addAll(change.patients().keySet());
        patients.replaceAll((patientId, state) -> {
            if (state.hasOpenAlert()) {
                unsaved.add(patientId);
                return state.fallenBehind();
            }
            return state;
        });
        eventTime = change.eventTime();
        nextOffset = lastOffset + 1;
    }

    /**
     * A step of a patient's alerts: its events are written at once, with the patient's open alerts; a step that only
     * grows an episode waits for the update interval since the last write.
     */
    private static void record(String patientId, PatientAlerts before, Episodes.Step step, Instant at, AlertRules rules,
                               Map<String, PatientAlerts> changed, List<Alert> events, Map<String, Alert> alerts) {
        if (step.state().equals(before)) {
            return;
        }
        events.addAll(step.events());
        // an alert resolved and a new one of its kind opened in one step: the resolved one is written too
        step.events().forEach(event -> alerts.put(event.alertId(), event));
        changed.put(patientId, step.events().isEmpty() && !rules.updateDue(before.writtenAt(), at)
                ? step.state().fallenBehind() : written(step.state(), before, at, alerts));
    }

    /** Writes the patient's open alerts, and those that changed since {@code before}: its documents are current. */
    private static PatientAlerts written(PatientAlerts state, PatientAlerts before, Instant at, Map<String, Alert> alerts) {
        for (AlertKind kind : AlertKind.values()) {
            Alert alert = state.latest(kind);
            if (alert != null && (alert.isOpen() || !alert.equals(before.latest(kind)))) {
                alerts.put(alert.alertId(), alert);
            }
        }
        return state.writtenAt(at);
    }

    /** The poll is committed: its changes are the state from now on. */
    void apply(PartitionChange change) {
        if (change.checkpoint() != null) {
            unsaved.clear();
            checkpointedThrough = change.lastOffset();
        } else {
            unsaved.addAll(change.patients().keySet());
        }
        patients.putAll(change.patients());
        eventTime = change.eventTime();
        nextOffset = change.lastOffset() + 1;
    }
}
