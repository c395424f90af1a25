package io.bpmonitor.alerting;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What decides one patient's episodes: the latest alert of each kind (open or resolved, null before the first) and
 * the recent anomalous readings that may yet make a sustained window; and how current their documents are. Immutable:
 * {@link Episodes} makes the next one.
 *
 * @param window    anomalous readings since the last sustained episode, within the window; kept while no sustained
 *                  alert is open, a set by Observation id
 * @param writtenAt effective time as of which the patient's alert documents were last written (null: never)
 * @param behind    whether an alert changed since, its document not rewritten yet ({@link AlertRules#updateInterval()})
 */
public record PatientAlerts(
        @JsonProperty("crisis") Alert crisis,
        @JsonProperty("sustained") Alert sustained,
        @JsonProperty("window") List<AnomalousReading> window,
        @JsonProperty("written_at") Instant writtenAt,
        @JsonProperty("behind") boolean behind) {

    public static final PatientAlerts NONE = new PatientAlerts(null, null, List.of(), null, false);

    public PatientAlerts {
        window = window == null ? List.of() : List.copyOf(window);
    }

    Alert latest(AlertKind kind) {
        return kind == AlertKind.CRISIS ? crisis : sustained;
    }

    PatientAlerts with(AlertKind kind, Alert alert) {
        return kind == AlertKind.CRISIS ? new PatientAlerts(alert, sustained, window, writtenAt, behind)
                : new PatientAlerts(crisis, alert, window, writtenAt, behind);
    }

    PatientAlerts withWindow(List<AnomalousReading> readings) {
        return new PatientAlerts(crisis, sustained, readings, writtenAt, behind);
    }

    /** The alerts' documents are written as of {@code at}. */
    PatientAlerts writtenAt(Instant at) {
        return new PatientAlerts(crisis, sustained, window, at, false);
    }

    /** An alert changed and its document waits for the next update. */
    PatientAlerts fallenBehind() {
        return new PatientAlerts(crisis, sustained, window, writtenAt, true);
    }

    boolean hasOpenAlert() {
        return crisis != null && crisis.isOpen() || sustained != null && sustained.isOpen();
    }
}
