package io.bpmonitor.alerting;

import java.time.Duration;
import java.time.Instant;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;

/**
 * The time rules of the alerts, from the settings (the crisis rule itself is the csimple bean {@code crisisRule} of
 * {@code routes/detector.yaml}). All durations are measured on the readings' effective times.
 *
 * @param sustainedReadings how many anomalous readings make sustained hypertension
 * @param sustainedWindow   ... within this span
 * @param quietPeriod       an open alert resolves after this long without an anomalous reading of its patient
 * @param updateInterval    an open alert's document is rewritten at most once per slot this long as its episode grows
 */
public record AlertRules(int sustainedReadings, Duration sustainedWindow, Duration quietPeriod,
                         Duration updateInterval) {

    public static AlertRules from(Settings settings) {
        return new AlertRules(settings.integer(Setting.BP_ALERT_SUSTAINED_READINGS),
                Duration.ofMinutes(settings.integer(Setting.BP_ALERT_SUSTAINED_WINDOW_MINUTES)),
                Duration.ofMinutes(settings.integer(Setting.BP_ALERT_QUIET_MINUTES)),
                Duration.ofSeconds(settings.integer(Setting.BP_ALERT_UPDATE_SECONDS)));
    }

    /**
     * Whether a document written as of {@code writtenAt} (null: never) is due to be rewritten as of {@code at}: once
     * {@code at} is in a later slot of the update interval, slots aligned on the epoch, so that the documents a
     * partition left behind fall due together and go out in one bulk request.
     */
    boolean updateDue(Instant writtenAt, Instant at) {
        return writtenAt == null || updateInterval.isZero() || slot(at) > slot(writtenAt);
    }

    private long slot(Instant time) {
        return Math.floorDiv(time.toEpochMilli(), updateInterval.toMillis());
    }

    /** Why an alert resolved, as recorded in it. */
    public String resolution() {
        return "no anomalous reading for " + quietPeriod.toMinutes() + " minutes";
    }
}
