package io.bpmonitor.alerts;

import java.util.List;

/**
 * The alerts a previous release left open in the alert index, which the engine takes over once per partition of the
 * readings topic: the patient's next reading continues or resolves each, and the clock can close it.
 */
@FunctionalInterface
public interface CarriedOverAlerts {

    /**
     * The open alerts of the patients whose readings go to {@code partition}.
     *
     * @throws RuntimeException when the index cannot be read now (asked again later)
     */
    List<Alert> openAlertsOf(int partition);
}
