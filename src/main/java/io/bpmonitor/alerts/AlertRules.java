package io.bpmonitor.alerts;

import java.time.Duration;
import java.time.Instant;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;

/**
 * The time rules of the alerts, from the settings (the crisis rule itself is the csimple bean {@code crisisRule} of
 * {@code routes/detector.yaml}). Which clock measures what: docs/alerts.md#time.
 */
public record AlertRules(int sustainedReadings, Duration sustainedWindow, Duration quietPeriod,
                         Duration updateInterval) {

    public static AlertRules from(Settings settings) {
        return new AlertRules(settings.integer(Setting.BP_ALERT_SUSTAINED_READINGS),
                Duration.ofMinutes(settings.integer(Setting.BP_ALERT_SUSTAINED_WINDOW_MINUTES)),
                Duration.ofMinutes(settings.integer(Setting.BP_ALERT_QUIET_MINUTES)),
                Duration.ofSeconds(settings.integer(Setting.BP_ALERT_UPDATE_SECONDS)));
    }

    /** Whether an update is due at {@code now} (wall clock) for a patient whose last event went out at {@code writtenAt}. */
    boolean updateDue(Instant writtenAt, Instant now) {
        return writtenAt == null || !now.isBefore(writtenAt.plus(updateInterval));
    }

    /** Why an alert of {@code kind} resolved, as recorded in it. */
    public String resolution(AlertKind kind) {
        return "no " + (kind == AlertKind.HYPOTENSION ? "low" : "anomalous") + " reading for "
                + quietPeriod.toMinutes() + " minutes";
    }
}
