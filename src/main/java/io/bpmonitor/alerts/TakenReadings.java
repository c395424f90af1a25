package io.bpmonitor.alerts;

import java.util.List;

/**
 * The readings one patient's latest alert of each reading rule (crisis, hypotension, repeated) took, by Observation,
 * so that one entered in error or corrected can be taken out of it. Kept apart from {@link PatientAlerts}: an episode
 * can take thousands of readings, and a patient's state is written whole at every commit, where a taken reading is
 * written once.
 */
interface TakenReadings {

    /** The version of the Observation the latest alert of {@code kind} took, or null. */
    AlertingReading find(AlertKind kind, String observationId);

    /** Every reading the latest alert of {@code kind} took. */
    List<AlertingReading> all(AlertKind kind);

    /** The latest alert of {@code kind} took the reading, in place of an earlier version of the same Observation. */
    void add(AlertKind kind, AlertingReading reading);

    /** The latest alert of {@code kind} is a new one, or was recomputed: it took exactly these. */
    void replaceAll(AlertKind kind, List<AlertingReading> readings);
}
