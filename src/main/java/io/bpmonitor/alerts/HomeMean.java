package io.bpmonitor.alerts;

import java.time.Instant;
import java.util.List;


/**
 * A patient's 7-day figures as one reading leaves them: the readings of its day and the 6 days before, how many days
 * hold some, their means, and the lines they are read against. What the home rule ({@link AlertKind#SUSTAINED}) acts
 * on.
 *
 * @param reading the reading whose arrival made these figures
 * @param systolicMean null when no reading of the 7 days has a systolic value
 * @param diastolicMean null when none has a diastolic value
 */
public record HomeMean(AlertingReading reading, int readings, int days, Double systolicMean, Double diastolicMean,
                       int systolicLine, int diastolicLine) {

    /** @param lastSevenDays the patient's days from 6 days before the reading's day to it, as they stand with it */
    static HomeMean of(AlertingReading reading, List<DaySums> lastSevenDays, HomeRules rules) {
        int readings = 0;
        int days = 0;
        DaySums.Values systolic = DaySums.Values.NONE;
        DaySums.Values diastolic = DaySums.Values.NONE;
        for (DaySums day : lastSevenDays) {
            readings += day.readings();
            days += day.isEmpty() ? 0 : 1;
            systolic = systolic.and(day.systolic());
            diastolic = diastolic.and(day.diastolic());
        }
        return new HomeMean(reading, readings, days, systolic.mean(), diastolic.mean(), rules.systolicLine(),
                rules.diastolicLine());
    }

    Instant effectiveAt() {
        return reading.effectiveAt();
    }

    /** At or above either line: an absent mean is above none. */
    boolean aboveTheLines() {
        return systolicMean != null && systolicMean >= systolicLine
                || diastolicMean != null && diastolicMean >= diastolicLine;
    }

    /** The means as whole mmHg, as an alert shows its values. */
    Integer systolic() {
        return systolicMean == null ? null : (int) Math.round(systolicMean);
    }

    Integer diastolic() {
        return diastolicMean == null ? null : (int) Math.round(diastolicMean);
    }
}
