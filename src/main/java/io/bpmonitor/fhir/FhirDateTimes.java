package io.bpmonitor.fhir;

/**
 * The common, canonical shape of a FHIR {@code dateTime} / {@code instant} with a time of day, read without HAPI:
 * {@code YYYY-MM-DDThh:mm:ss[.fraction](Z|+hh:mm|-hh:mm)}, year 1600 to 9999, a real calendar date, seconds 0-59,
 * up to nine fraction digits and an offset R4 allows (within ±14:00). For these HAPI's {@code BaseDateTimeType} gives the same instant (it keeps the first three
 * fraction digits, truncating) and a precision of at least a second. Anything else (no offset, which HAPI reads in the
 * JVM's time zone; minutes only; a leap second; a year before the Gregorian calendar, which HAPI's Julian
 * {@code GregorianCalendar} shifts) is not canonical here and is left to HAPI.
 */
final class FhirDateTimes {

    /** Returned for a text that is not in the canonical shape. */
    static final long NOT_CANONICAL = Long.MIN_VALUE;

    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private FhirDateTimes() {
    }

    /** Milliseconds since the epoch, or {@link #NOT_CANONICAL}. */
    static long epochMillis(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return NOT_CANONICAL;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 1600 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) { // digits() is -1 for a non-digit, so also caught here
            return NOT_CANONICAL;
        }
        int index = 19;
        int millis = 0;
        if (text.charAt(index) == '.') {
            int start = ++index;
            while (index < length && isDigit(text.charAt(index))) {
                index++;
            }
            int fractionDigits = index - start;
            if (fractionDigits == 0 || fractionDigits > 9) {
                return NOT_CANONICAL;
            }
            for (int i = 0; i < 3; i++) {
                millis = millis * 10 + (i < fractionDigits ? text.charAt(start + i) - '0' : 0);
            }
        }
        int offsetSeconds;
        if (index == length - 1 && text.charAt(index) == 'Z') {
            offsetSeconds = 0;
        } else if (index == length - 6 && (text.charAt(index) == '+' || text.charAt(index) == '-')
                && text.charAt(index + 3) == ':') {
            int offsetHours = digits(text, index + 1, index + 3);
            int offsetMinutes = digits(text, index + 4, index + 6);
            // R4's pattern: -13:59 to +13:59, or ±14:00
            if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59
                    || offsetHours > 14 || offsetHours == 14 && offsetMinutes != 0) {
                return NOT_CANONICAL;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (text.charAt(index) == '-' ? -1 : 1);
        } else {
            return NOT_CANONICAL;
        }
        long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return epochSecond * 1000L + millis;
    }

    /**
     * Whether the text is a calendar date {@code YYYY-MM-DD} (year 1600 to 9999) that HAPI's {@code date},
     * {@code dateTime} and {@code instant} types all parse (to DAY precision).
     */
    static boolean isCanonicalDate(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return false;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        return year >= 1600 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
    }

    /** The number the digits in [from, to) spell, or -1 when one of them is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
            return 29;
        }
        return DAYS_IN_MONTH[month - 1];
    }

    /** Days from 1970-01-01 in the proleptic Gregorian calendar (the civil-from-days inverse). */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = y / 400; // y >= 1599 here, never negative
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }
}
