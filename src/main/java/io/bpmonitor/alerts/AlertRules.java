package io.bpmonitor.alerts;

import java.time.Duration;
import java.time.Instant;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;

/**
 * The rules of the alerts the engine decides, from the settings (the crisis and low-pressure rules themselves are the
 * csimple beans of {@code routes/detector.yaml}, the home lines {@link HomeRules}). Which clock measures what:
 * docs/alerts.md#time.
 *
 * @param repeatedReadings anomalous readings within {@code repeatedWindow} that open a repeated alert; 0: the rule is
 *                         off
 * @param homeMinReadings  readings the 7 days must hold for the home rule to judge their mean
 * @param homeMinDays      days with readings the 7 days must hold for it
 */
public record AlertRules(int repeatedReadings, Duration repeatedWindow, Duration quietPeriod, Duration updateInterval,
                         int homeMinReadings, int homeMinDays) {

    public static AlertRules from(Settings settings) {
        return new AlertRules(settings.integer(Setting.BP_ALERT_REPEATED_READINGS),
                Duration.ofMinutes(settings.integer(Setting.BP_ALERT_REPEATED_WINDOW_MINUTES)),
                Duration.ofMinutes(settings.integer(Setting.BP_ALERT_QUIET_MINUTES)),
                Duration.ofSeconds(settings.integer(Setting.BP_ALERT_UPDATE_SECONDS)),
                settings.integer(Setting.BP_HOME_MIN_READINGS), settings.integer(Setting.BP_HOME_MIN_DAYS));
    }

    /** Whether an update is due at {@code now} (wall clock) for a patient whose last event went out at {@code writtenAt}. */
    boolean updateDue(Instant writtenAt, Instant now) {
        return writtenAt == null || !now.isBefore(writtenAt.plus(updateInterval));
    }

    /**
     * How long an open alert of {@code kind} waits for its patient's next reading: the quiet period, or for the home
     * rule its 7 days, after which no reading is left to judge.
     */
    Duration quietPeriod(AlertKind kind) {
        return kind == AlertKind.SUSTAINED ? Duration.ofDays(HomeRules.MEAN_DAYS) : quietPeriod;
    }

    /** Why an alert of {@code kind} resolved by its quiet period, as recorded in it. */
    public String resolution(AlertKind kind) {
        if (kind == AlertKind.SUSTAINED) {
            return "no reading for " + HomeRules.MEAN_DAYS + " days";
        }
        return "no " + (kind == AlertKind.HYPOTENSION ? "low" : "anomalous") + " reading for "
                + quietPeriod.toMinutes() + " minutes";
    }

    /** Why a home-rule alert resolved. */
    static String homeResolution(HomeMean mean) {
        return "7-day mean back below " + mean.systolicLine() + "/" + mean.diastolicLine() + " mmHg";
    }

    /** Whether the 7 days hold enough readings on enough days for their mean to count. */
    boolean enoughForTheHomeRule(HomeMean mean) {
        return mean.readings() >= homeMinReadings && mean.days() >= homeMinDays;
    }
}
