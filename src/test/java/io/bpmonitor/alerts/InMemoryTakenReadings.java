package io.bpmonitor.alerts;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One patient's taken readings in memory, for folding readings through {@link Episodes} without a topology. */
final class InMemoryTakenReadings implements TakenReadings {

    private final Map<AlertKind, Map<String, AlertingReading>> byKind = new EnumMap<>(AlertKind.class);

    @Override
    public AlertingReading find(AlertKind kind, String observationId) {
        return of(kind).get(observationId);
    }

    @Override
    public List<AlertingReading> all(AlertKind kind) {
        return new ArrayList<>(of(kind).values());
    }

    @Override
    public void add(AlertKind kind, AlertingReading reading) {
        of(kind).put(reading.observationId(), reading);
    }

    @Override
    public void replaceAll(AlertKind kind, List<AlertingReading> readings) {
        of(kind).clear();
        readings.forEach(reading -> add(kind, reading));
    }

    private Map<String, AlertingReading> of(AlertKind kind) {
        return byKind.computeIfAbsent(kind, none -> new LinkedHashMap<>());
    }
}
