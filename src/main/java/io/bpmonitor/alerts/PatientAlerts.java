package io.bpmonitor.alerts;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What decides one patient's episodes, the value of the engine's store {@value AlertTopology#PATIENT_EPISODES}: the
 * latest alert of each kind (open or resolved, null before the first), the recent anomalous readings that may yet
 * make a sustained window, and what of it went out. Immutable: {@link Episodes} makes the next one.
 *
 * @param window    anomalous readings since the last repeated episode, within the window; kept while no repeated
 *                  alert is open, a set by Observation id
 * @param writtenAt wall-clock time of the patient's last event (null: never), for {@link AlertRules#updateDue}
 * @param behind    the kinds whose open alert grew since its last event, their {@code updated} event not sent yet
 * @param revision  the last revision given to one of the patient's events: each alert's events carry increasing ones
 * @param carriedTaken the readings each alert took, as a state of version 3 held them ({@link PatientAlertsCodec}),
 *                  until the engine moves them into their own store ({@link TakenReadings}); empty otherwise
 */
public record PatientAlerts(
        @JsonProperty("crisis") Alert crisis,
        @JsonProperty("sustained") Alert sustained,
        @JsonProperty("hypotension") Alert hypotension,
        @JsonProperty("repeated") Alert repeated,
        @JsonProperty("window") List<AlertingReading> window,
        @JsonProperty("written_at") Instant writtenAt,
        @JsonProperty("behind") Set<AlertKind> behind,
        @JsonProperty("revision") long revision,
        @JsonIgnore Map<AlertKind, List<AlertingReading>> carriedTaken) {

    public static final PatientAlerts NONE = new PatientAlerts(null, null, null, null, List.of(), null, Set.of(),
            0);

    public PatientAlerts {
        window = window == null ? List.of() : List.copyOf(window);
        behind = behind == null ? Set.of() : Set.copyOf(behind);
        carriedTaken = carriedTaken == null ? Map.of() : Map.copyOf(carriedTaken);
    }

    public PatientAlerts(Alert crisis, Alert sustained, Alert hypotension, Alert repeated, List<AlertingReading> window,
                         Instant writtenAt, Set<AlertKind> behind, long revision) {
        this(crisis, sustained, hypotension, repeated, window, writtenAt, behind, revision, Map.of());
    }

    /** The state without the readings a state of version 3 held, once they are in their own store. */
    PatientAlerts withoutCarriedTaken() {
        return new PatientAlerts(crisis, sustained, hypotension, repeated, window, writtenAt, behind, revision);
    }

    Alert latest(AlertKind kind) {
        return switch (kind) {
            case CRISIS -> crisis;
            case SUSTAINED -> sustained;
            case HYPOTENSION -> hypotension;
            case REPEATED -> repeated;
        };
    }

    /** Whether the alert is the patient's latest of its kind: a later episode may have taken its place. */
    boolean isLatest(Alert alert) {
        Alert latest = latest(alert.kind());
        return latest != null && latest.alertId().equals(alert.alertId());
    }

    PatientAlerts with(AlertKind kind, Alert alert) {
        return switch (kind) {
            case CRISIS -> new PatientAlerts(alert, sustained, hypotension, repeated, window, writtenAt,
                    behind, revision);
            case SUSTAINED -> new PatientAlerts(crisis, alert, hypotension, repeated, window, writtenAt,
                    behind, revision);
            case HYPOTENSION -> new PatientAlerts(crisis, sustained, alert, repeated, window, writtenAt,
                    behind, revision);
            case REPEATED -> new PatientAlerts(crisis, sustained, hypotension, alert, window, writtenAt, behind,
                    revision);
        };
    }

    PatientAlerts withWindow(List<AlertingReading> readings) {
        return new PatientAlerts(crisis, sustained, hypotension, repeated, readings, writtenAt, behind, revision);
    }

    /** Events went out at {@code at} (wall clock), the last with {@code lastRevision}; {@code stillBehind} did not. */
    PatientAlerts written(Instant at, long lastRevision, Set<AlertKind> stillBehind) {
        return new PatientAlerts(crisis, sustained, hypotension, repeated, window, at, stillBehind,
                lastRevision);
    }

    /** Open alerts that grew, their {@code updated} event waiting for {@link AlertRules#updateDue}. */
    PatientAlerts fallenBehind(Set<AlertKind> grown) {
        if (grown.isEmpty()) {
            return this;
        }
        Set<AlertKind> all = EnumSet.copyOf(grown);
        all.addAll(behind);
        return new PatientAlerts(crisis, sustained, hypotension, repeated, window, writtenAt, all, revision);
    }

    boolean hasOpenAlert() {
        for (AlertKind kind : AlertKind.values()) {
            Alert alert = latest(kind);
            if (alert != null && alert.isOpen()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the wall clock still has something to do for this patient: resolve an alert, or send an update. */
    boolean awaitsTheClock() {
        return hasOpenAlert() || !behind.isEmpty();
    }
}
