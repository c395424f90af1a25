package io.bpmonitor.alerts;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One patient's taken readings in the engine's store {@value AlertTopology#ALERT_READINGS}, keyed
 * {@code patient|kind|Observation id}: a patient's readings of a kind sort together, so a new alert clears its
 * predecessor's with one prefix scan.
 */
final class StoredTakenReadings implements TakenReadings {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, AlertingReading> store;
    private final String patientId;

    StoredTakenReadings(KeyValueStore<String, AlertingReading> store, String patientId) {
        this.store = store;
        this.patientId = patientId;
    }

    @Override
    public AlertingReading find(AlertKind kind, String observationId) {
        return store.get(prefix(kind) + observationId);
    }

    @Override
    public List<AlertingReading> all(AlertKind kind) {
        List<AlertingReading> readings = new ArrayList<>();
        try (KeyValueIterator<String, AlertingReading> range = store.prefixScan(prefix(kind), KEYS)) {
            range.forEachRemaining(entry -> readings.add(entry.value));
        }
        return readings;
    }

    @Override
    public void add(AlertKind kind, AlertingReading reading) {
        store.put(prefix(kind) + reading.observationId(), reading);
    }

    @Override
    public void replaceAll(AlertKind kind, List<AlertingReading> readings) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, AlertingReading> range = store.prefixScan(prefix(kind), KEYS)) {
            range.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(store::delete);
        readings.forEach(reading -> add(kind, reading));
    }

    /** Patient ids are FHIR ids, without {@code |}. */
    private String prefix(AlertKind kind) {
        return patientId + "|" + kind.name() + "|";
    }
}
