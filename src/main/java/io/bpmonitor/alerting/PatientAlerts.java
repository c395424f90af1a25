package io.bpmonitor.alerting;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What decides one patient's episodes: the latest alert of each kind (open or resolved, null before the first) and
 * the recent anomalous readings that may yet make a sustained window. Immutable: {@link Episodes} makes the next one.
 *
 * @param window anomalous readings since the last sustained episode, within the window; kept while no sustained alert
 *               is open, a set by Observation id
 */
public record PatientAlerts(
        @JsonProperty("crisis") Alert crisis,
        @JsonProperty("sustained") Alert sustained,
        @JsonProperty("window") List<AnomalousReading> window) {

    public static final PatientAlerts NONE = new PatientAlerts(null, null, List.of());

    public PatientAlerts {
        window = window == null ? List.of() : List.copyOf(window);
    }

    Alert latest(AlertKind kind) {
        return kind == AlertKind.CRISIS ? crisis : sustained;
    }

    PatientAlerts with(AlertKind kind, Alert alert) {
        return kind == AlertKind.CRISIS ? new PatientAlerts(alert, sustained, window)
                : new PatientAlerts(crisis, alert, window);
    }

    PatientAlerts withWindow(List<AnomalousReading> readings) {
        return new PatientAlerts(crisis, sustained, readings);
    }

    boolean hasOpenAlert() {
        return crisis != null && crisis.isOpen() || sustained != null && sustained.isOpen();
    }
}
