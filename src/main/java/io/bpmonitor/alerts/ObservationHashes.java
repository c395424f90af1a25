package io.bpmonitor.alerts;

/**
 * The Observations a patient's day may hold, as their 64-bit hashes, in memory: a reading the day surely does not hold
 * is new to it, and its stored chunks need not be read. An open-addressing set of longs; a hash is never taken out (an
 * Observation withdrawn stays "may hold", which only costs a read of the chunks).
 */
final class ObservationHashes {

    /** Marks a free slot: a hash of 0 is kept apart. */
    private static final long FREE = 0L;

    private long[] slots = new long[16];
    private int size;
    private boolean holdsZero;

    int size() {
        return size + (holdsZero ? 1 : 0);
    }

    boolean mayHold(long hash) {
        if (hash == FREE) {
            return holdsZero;
        }
        int mask = slots.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == hash) {
                return true;
            }
            if (slot == FREE) {
                return false;
            }
        }
    }

    void add(long hash) {
        if (hash == FREE) {
            holdsZero = true;
            return;
        }
        if ((size + 1) * 3 > slots.length * 2) {
            grow();
        }
        if (insert(slots, hash)) {
            size++;
        }
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long slot : slots) {
            if (slot != FREE) {
                insert(bigger, slot);
            }
        }
        slots = bigger;
    }

    private static boolean insert(long[] table, long hash) {
        int mask = table.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            if (table[i] == hash) {
                return false;
            }
            if (table[i] == FREE) {
                table[i] = hash;
                return true;
            }
        }
    }

    private static int spread(long hash) {
        long mixed = hash * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32));
    }
}
