package io.bpmonitor.fhir;

import java.time.Instant;

/**
 * Instants as ISO-8601 UTC text, exactly as {@link Instant#toString()} and {@link Instant#parse} have them, without
 * the general-purpose formatter: the detector writes two for every reading it reads, the alert engine reads them
 * back, and {@code DateTimeFormatter} cost both more than the rest of the record. Whole milliseconds from year 1600
 * to 9999 take the short path; anything else is left to {@link Instant}.
 */
public final class UtcInstants {

    private static final long MIN_MILLIS = -11_676_096_000_000L; // 1600-01-01T00:00:00Z
    private static final long MAX_MILLIS = 253_402_300_800_000L; // 10000-01-01T00:00:00Z

    private UtcInstants() {
    }

    /** The same text as {@link Instant#toString()}. */
    public static String format(Instant instant) {
        long millis = instant.toEpochMilli();
        if (instant.getNano() % 1_000_000 != 0 || millis < MIN_MILLIS || millis >= MAX_MILLIS) {
            return instant.toString();
        }
        long epochDay = Math.floorDiv(millis, 86_400_000L);
        int millisOfDay = (int) Math.floorMod(millis, 86_400_000L);
        // civil-from-days (proleptic Gregorian), shifted so that a year starts in March
        long shifted = epochDay + 719_468;
        long era = Math.floorDiv(shifted, 146_097);
        int dayOfEra = (int) (shifted - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int monthIndex = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
        int month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
        int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

        int milli = millisOfDay % 1_000;
        char[] text = new char[milli == 0 ? 20 : 24];
        put(text, 0, year, 4);
        text[4] = '-';
        put(text, 5, month, 2);
        text[7] = '-';
        put(text, 8, day, 2);
        text[10] = 'T';
        put(text, 11, millisOfDay / 3_600_000, 2);
        text[13] = ':';
        put(text, 14, millisOfDay / 60_000 % 60, 2);
        text[16] = ':';
        put(text, 17, millisOfDay / 1_000 % 60, 2);
        if (milli != 0) {
            text[19] = '.';
            put(text, 20, milli, 3);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    /** The instant of a text {@link #format} or {@link Instant#toString()} wrote; what it cannot read it throws on. */
    public static Instant parse(String text) {
        int length = text.length();
        // up to three fraction digits then Z: whole milliseconds, which FhirDateTimes reads exactly
        if ((length == 20 || length >= 22 && length <= 24) && text.charAt(length - 1) == 'Z') {
            long millis = FhirDateTimes.epochMillis(text);
            if (millis != FhirDateTimes.NOT_CANONICAL) {
                return Instant.ofEpochMilli(millis);
            }
        }
        return Instant.parse(text);
    }

    private static void put(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
