package io.bpmonitor.alerts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import io.bpmonitor.rules.PatientTarget;

/**
 * How home readings are read (docs/alerts.md#per-patient-per-day): the zone a day is cut in, its morning and evening,
 * and the lines a reading is above target at.
 */
public record HomeRules(ZoneId zone, int systolicLine, int diastolicLine) {

    /** Days a patient's 7-day means cover, the day itself included. */
    static final int MEAN_DAYS = 7;
    private static final LocalTime MORNING_FROM = LocalTime.of(4, 0);
    private static final LocalTime MORNING_UNTIL = LocalTime.NOON;
    private static final LocalTime EVENING_FROM = LocalTime.of(17, 0);

    public static HomeRules from(Settings settings) {
        return new HomeRules(ZoneId.of(settings.required(Setting.BP_DAY_ZONE)),
                settings.integer(Setting.BP_HOME_SYSTOLIC), settings.integer(Setting.BP_HOME_DIASTOLIC));
    }

    /** The same rules on the patient's own upper lines, or these when the patient has no target. */
    HomeRules forTarget(PatientTarget target) {
        return target == null ? this : new HomeRules(zone, target.systolicUpper(), target.diastolicUpper());
    }

    LocalDate dayOf(Instant at) {
        return at.atZone(zone).toLocalDate();
    }

    /** When in the day a reading was taken, for the morning and evening means. */
    enum PartOfDay { MORNING, EVENING, OTHER }

    PartOfDay partOfDay(Instant at) {
        LocalTime time = at.atZone(zone).toLocalTime();
        if (!time.isBefore(MORNING_FROM) && time.isBefore(MORNING_UNTIL)) {
            return PartOfDay.MORNING;
        }
        return time.isBefore(EVENING_FROM) ? PartOfDay.OTHER : PartOfDay.EVENING;
    }

    /** At or above either line; an absent value ({@link DaySums#ABSENT}) is above no line. */
    boolean aboveTarget(short systolic, short diastolic) {
        return systolic != DaySums.ABSENT && systolic >= systolicLine
                || diastolic != DaySums.ABSENT && diastolic >= diastolicLine;
    }
}
