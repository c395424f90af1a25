package io.bpmonitor.alerts;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One patient's day in sums, the value of the engine's store {@value AlertTopology#PATIENT_DAYS}: how many readings,
 * and count, sum, lowest and highest of each pressure, for the whole day, its morning and its evening, and how many
 * readings were above the home lines. A reading is added and taken away in constant time, whatever the number of the
 * day's readings; the readings themselves are in {@value AlertTopology#PATIENT_DAY_CHUNKS} ({@link DayReadings}).
 *
 * @param revision     the last revision its document went out with; grows with every change
 * @param latestMillis the latest effective time of a reading the day took (epoch ms; {@link Long#MAX_VALUE} when not
 *                     known, as in a day written before it was kept): a later reading cannot be one the day holds
 * @param chunks       how many chunks of readings the day has in {@value AlertTopology#PATIENT_DAY_CHUNKS}
 */
record DaySums(String patientId, LocalDate day, int readings, Values systolic, Values diastolic,
               int morningReadings, Values morningSystolic, Values morningDiastolic,
               int eveningReadings, Values eveningSystolic, Values eveningDiastolic,
               int aboveTarget, long revision, long latestMillis, int chunks) {

    /** A pressure the reading has not (a partial reading). */
    static final short ABSENT = -1;

    /** Count, sum, lowest and highest of one pressure's values; lowest and highest are 0 over no value. */
    record Values(int count, long sum, int min, int max) {

        static final Values NONE = new Values(0, 0, 0, 0);

        Values plus(short value) {
            if (value == ABSENT) {
                return this;
            }
            return count == 0 ? new Values(1, value, value, value)
                    : new Values(count + 1, sum + value, Math.min(min, value), Math.max(max, value));
        }

        /** Without the value; its lowest and highest are to be found again when it was one of them. */
        Values minus(short value) {
            if (value == ABSENT) {
                return this;
            }
            return count == 1 ? NONE : new Values(count - 1, sum - value, min, max);
        }

        /** These values and {@code other}'s together: count and sum (lowest and highest are not kept). */
        Values and(Values other) {
            return new Values(count + other.count, sum + other.sum, 0, 0);
        }

        boolean isExtreme(short value) {
            return value != ABSENT && (value == min || value == max);
        }

        /** The mean, one decimal; null over no value. */
        Double mean() {
            return count == 0 ? null : Math.round(sum * 10.0 / count) / 10.0;
        }

        Integer lowest() {
            return count == 0 ? null : min;
        }

        Integer highest() {
            return count == 0 ? null : max;
        }
    }

    /** One reading as a day keeps it: when, and its two pressures ({@link #ABSENT} for none). */
    record Reading(long effectiveMillis, short systolic, short diastolic) {
    }

    static DaySums empty(String patientId, LocalDate day) {
        return new DaySums(patientId, day, 0, Values.NONE, Values.NONE, 0, Values.NONE, Values.NONE, 0, Values.NONE,
                Values.NONE, 0, 0, Long.MIN_VALUE, 0);
    }

    boolean isEmpty() {
        return readings == 0;
    }

    /** Whether a document ever went out or a reading ever came: a day that never had one has no document. */
    boolean everHadReadings() {
        return readings > 0 || revision > 0;
    }

    DaySums plus(Reading reading, HomeRules rules) {
        return change(reading, rules, 1);
    }

    DaySums minus(Reading reading, HomeRules rules) {
        return change(reading, rules, -1);
    }

    /** Whether taking the reading away leaves a lowest or highest value to be found again among the others. */
    boolean extremeOf(Reading reading) {
        return systolic.isExtreme(reading.systolic()) || diastolic.isExtreme(reading.diastolic());
    }

    /** The same sums with the lowest and highest values found again over the day's readings. */
    DaySums withExtremesOf(Iterable<Reading> readingsOfTheDay) {
        Values sys = Values.NONE;
        Values dia = Values.NONE;
        for (Reading reading : readingsOfTheDay) {
            sys = sys.plus(reading.systolic());
            dia = dia.plus(reading.diastolic());
        }
        return new DaySums(patientId, day, readings, sys, dia, morningReadings, morningSystolic, morningDiastolic,
                eveningReadings, eveningSystolic, eveningDiastolic, aboveTarget, revision, latestMillis, chunks);
    }

    /** The same day, its latest reading taken at {@code millis}. */
    DaySums withLatest(long millis) {
        return new DaySums(patientId, day, readings, systolic, diastolic, morningReadings, morningSystolic,
                morningDiastolic, eveningReadings, eveningSystolic, eveningDiastolic, aboveTarget, revision,
                millis, chunks);
    }

    /** The same day, its readings in {@code count} chunks. */
    DaySums withChunks(int count) {
        return new DaySums(patientId, day, readings, systolic, diastolic, morningReadings, morningSystolic,
                morningDiastolic, eveningReadings, eveningSystolic, eveningDiastolic, aboveTarget, revision,
                latestMillis, count);
    }

    /** The same day with its readings above target counted again, against another patient's target. */
    DaySums withAboveTargetCounted(Iterable<Reading> readingsOfTheDay, HomeRules lines) {
        int above = 0;
        for (Reading reading : readingsOfTheDay) {
            above += lines.aboveTarget(reading.systolic(), reading.diastolic()) ? 1 : 0;
        }
        return new DaySums(patientId, day, readings, systolic, diastolic, morningReadings, morningSystolic,
                morningDiastolic, eveningReadings, eveningSystolic, eveningDiastolic, above, revision, latestMillis,
                chunks);
    }

    private DaySums change(Reading reading, HomeRules rules, int sign) {
        HomeRules.PartOfDay part = rules.partOfDay(Instant.ofEpochMilli(reading.effectiveMillis()));
        boolean morning = part == HomeRules.PartOfDay.MORNING;
        boolean evening = part == HomeRules.PartOfDay.EVENING;
        boolean above = rules.aboveTarget(reading.systolic(), reading.diastolic());
        return new DaySums(patientId, day, readings + sign,
                apply(systolic, reading.systolic(), sign), apply(diastolic, reading.diastolic(), sign),
                morningReadings + (morning ? sign : 0),
                morning ? apply(morningSystolic, reading.systolic(), sign) : morningSystolic,
                morning ? apply(morningDiastolic, reading.diastolic(), sign) : morningDiastolic,
                eveningReadings + (evening ? sign : 0),
                evening ? apply(eveningSystolic, reading.systolic(), sign) : eveningSystolic,
                evening ? apply(eveningDiastolic, reading.diastolic(), sign) : eveningDiastolic,
                aboveTarget + (above ? sign : 0), revision,
                sign > 0 ? Math.max(latestMillis, reading.effectiveMillis()) : latestMillis, chunks);
    }

    private static Values apply(Values values, short value, int sign) {
        return sign > 0 ? values.plus(value) : values.minus(value);
    }

    /** The day as its document goes out now: a revision above the last one and above any earlier write's. */
    DaySums revisedAt(Instant now) {
        return new DaySums(patientId, day, readings, systolic, diastolic, morningReadings, morningSystolic,
                morningDiastolic, eveningReadings, eveningSystolic, eveningDiastolic, aboveTarget,
                Math.max(revision + 1, now.toEpochMilli()), latestMillis, chunks);
    }
}
