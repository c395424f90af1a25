package io.bpmonitor.alerts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * One patient's readings of one day, the value of the engine's store {@value AlertTopology#PATIENT_DAYS}: each
 * Observation once (by a 64-bit hash of its id), in its latest version, so a reading published again counts once and
 * a corrected one replaces the first. Held in primitive arrays: a backfill brings a hundred readings and more to a
 * day, and thousands of days are held at once.
 */
public final class PatientDay {

    /** A pressure the reading has not (a partial reading). */
    static final short ABSENT = -1;

    private final String patientId;
    private final LocalDate day;
    private final long[] ids;
    private final long[] effectiveMillis;
    private final short[] systolic;
    private final short[] diastolic;
    private final long revision;
    /**
     * Count and sum of the systolic values, then of the diastolic ones, once asked for: the 7-day means add them up,
     * day by day. The engine's thread alone uses a day.
     */
    private long[] sums;

    PatientDay(String patientId, LocalDate day, long[] ids, long[] effectiveMillis, short[] systolic,
               short[] diastolic, long revision) {
        this.patientId = patientId;
        this.day = day;
        this.ids = ids;
        this.effectiveMillis = effectiveMillis;
        this.systolic = systolic;
        this.diastolic = diastolic;
        this.revision = revision;
    }

    private long[] sums() {
        if (sums == null) {
            long[] counted = new long[4];
            for (int i = 0; i < ids.length; i++) {
                if (systolic[i] != ABSENT) {
                    counted[0]++;
                    counted[1] += systolic[i];
                }
                if (diastolic[i] != ABSENT) {
                    counted[2]++;
                    counted[3] += diastolic[i];
                }
            }
            sums = counted;
        }
        return sums;
    }

    static PatientDay empty(String patientId, LocalDate day) {
        return new PatientDay(patientId, day, new long[0], new long[0], new short[0], new short[0], 0);
    }

    /** The 64-bit id of an Observation within a day: FNV-1a over its id's characters. */
    static long idOf(String observationId) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < observationId.length(); i++) {
            hash = (hash ^ observationId.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }

    /**
     * The day with the reading, in place of an earlier version of the same Observation; this same day when it holds
     * the reading already as it is (a reading published again changes nothing).
     */
    PatientDay with(String observationId, long effectiveAtMillis, Integer systolicValue, Integer diastolicValue) {
        long id = idOf(observationId);
        int at = indexOf(id);
        short newSystolic = systolicValue == null ? ABSENT : systolicValue.shortValue();
        short newDiastolic = diastolicValue == null ? ABSENT : diastolicValue.shortValue();
        if (at >= 0 && effectiveMillis[at] == effectiveAtMillis && systolic[at] == newSystolic
                && diastolic[at] == newDiastolic) {
            return this;
        }
        int size = at < 0 ? ids.length + 1 : ids.length;
        int slot = at < 0 ? ids.length : at;
        PatientDay next = new PatientDay(patientId, day, Arrays.copyOf(ids, size),
                Arrays.copyOf(effectiveMillis, size), Arrays.copyOf(systolic, size), Arrays.copyOf(diastolic, size),
                revision);
        next.ids[slot] = id;
        next.effectiveMillis[slot] = effectiveAtMillis;
        next.systolic[slot] = newSystolic;
        next.diastolic[slot] = newDiastolic;
        return next;
    }

    /** The day without the Observation (withdrawn: entered in error); the same day when it does not hold it. */
    PatientDay without(String observationId) {
        int at = indexOf(idOf(observationId));
        if (at < 0) {
            return this;
        }
        PatientDay next = new PatientDay(patientId, day, new long[ids.length - 1], new long[ids.length - 1],
                new short[ids.length - 1], new short[ids.length - 1], revision);
        for (int i = 0, j = 0; i < ids.length; i++) {
            if (i != at) {
                next.ids[j] = ids[i];
                next.effectiveMillis[j] = effectiveMillis[i];
                next.systolic[j] = systolic[i];
                next.diastolic[j] = diastolic[i];
                j++;
            }
        }
        return next;
    }

    private int indexOf(long id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }


    /** The day as its document goes out now: a revision above the last one and above any earlier write's. */
    PatientDay revisedAt(Instant now) {
        return new PatientDay(patientId, day, ids, effectiveMillis, systolic, diastolic,
                Math.max(revision + 1, now.toEpochMilli()));
    }

    String patientId() {
        return patientId;
    }

    LocalDate day() {
        return day;
    }

    long revision() {
        return revision;
    }

    /** Readings with a systolic value, and their sum; then the same of the diastolic. */
    long systolicCount() {
        return sums()[0];
    }

    long systolicSum() {
        return sums()[1];
    }

    long diastolicCount() {
        return sums()[2];
    }

    long diastolicSum() {
        return sums()[3];
    }

    int size() {
        return ids.length;
    }

    boolean isEmpty() {
        return ids.length == 0;
    }

    long id(int i) {
        return ids[i];
    }

    long effectiveMillis(int i) {
        return effectiveMillis[i];
    }

    /** The systolic of reading {@code i}, or {@link #ABSENT}. */
    short systolic(int i) {
        return systolic[i];
    }

    short diastolic(int i) {
        return diastolic[i];
    }
}
