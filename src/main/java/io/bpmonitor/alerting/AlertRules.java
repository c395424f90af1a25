package io.bpmonitor.alerting;

import java.time.Duration;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;

/**
 * The time rules of the alerts, from the settings (the crisis rule itself is the csimple bean {@code crisisRule} of
 * {@code routes/detector.yaml}). All durations are measured on the readings' effective times.
 *
 * @param sustainedReadings how many anomalous readings make sustained hypertension
 * @param sustainedWindow   ... within this span
 * @param quietPeriod       an open alert resolves after this long without an anomalous reading of its patient
 */
public record AlertRules(int sustainedReadings, Duration sustainedWindow, Duration quietPeriod) {

    public static AlertRules from(Settings settings) {
        return new AlertRules(settings.integer(Setting.BP_ALERT_SUSTAINED_READINGS),
                Duration.ofMinutes(settings.integer(Setting.BP_ALERT_SUSTAINED_WINDOW_MINUTES)),
                Duration.ofMinutes(settings.integer(Setting.BP_ALERT_QUIET_MINUTES)));
    }

    /** Why an alert resolved, as recorded in it. */
    public String resolution() {
        return "no anomalous reading for " + quietPeriod.toMinutes() + " minutes";
    }
}
