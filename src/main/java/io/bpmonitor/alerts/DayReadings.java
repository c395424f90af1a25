package io.bpmonitor.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.bpmonitor.alerts.DaySums.Reading;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The readings of one patient's day, each Observation once in its latest version, as the engine keeps them: in chunks
 * of the store {@value AlertTopology#PATIENT_DAY_CHUNKS}, one chunk per record of the readings topic that brought the
 * day some (keyed {@code patient|date|<chunk number>}), so a record costs one store write and one changelog record per
 * day it touches, whatever its number of readings. The readings of the record being read wait in memory and are
 * written at its end ({@link #write}). The stored chunks are read only to find an earlier version of an Observation,
 * which a reading taken after all the day holds cannot have ({@link DaySums#latestMillis}), nor one the day's
 * {@link ObservationHashes} do not hold.
 */
final class DayReadings {

    /** A reading under its Observation's 64-bit hash. */
    record Entry(long hash, Reading reading) {
    }

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, byte[]> chunks;
    private final String dayKey;
    private int written;
    private final List<Entry> pending = new ArrayList<>();
    /** The stored chunks by key, once read. */
    private Map<String, List<Entry>> stored;

    /** @param written the chunks the day has ({@link DaySums#chunks}) */
    DayReadings(KeyValueStore<String, byte[]> chunks, String dayKey, int written) {
        this.chunks = chunks;
        this.dayKey = dayKey;
        this.written = written;
    }

    /** The version of the Observation the day holds, or null. */
    Reading find(long hash) {
        for (Entry entry : pending) {
            if (entry.hash() == hash) {
                return entry.reading();
            }
        }
        for (List<Entry> chunk : stored().values()) {
            for (Entry entry : chunk) {
                if (entry.hash() == hash) {
                    return entry.reading();
                }
            }
        }
        return null;
    }

    /** Takes the Observation out of the day: out of the waiting readings, or its chunk written again without it. */
    void remove(long hash) {
        if (pending.removeIf(entry -> entry.hash() == hash)) {
            return;
        }
        for (Map.Entry<String, List<Entry>> chunk : stored().entrySet()) {
            if (chunk.getValue().removeIf(entry -> entry.hash() == hash)) {
                if (chunk.getValue().isEmpty()) {
                    chunks.delete(chunk.getKey());
                } else {
                    chunks.put(chunk.getKey(), PatientDayCodec.chunk(chunk.getValue()));
                }
                return;
            }
        }
    }

    void add(long hash, Reading reading) {
        pending.add(new Entry(hash, reading));
    }

    /** The hashes of every Observation the day holds, the waiting ones included. */
    ObservationHashes hashes() {
        ObservationHashes hashes = new ObservationHashes();
        stored().values().forEach(chunk -> chunk.forEach(entry -> hashes.add(entry.hash())));
        pending.forEach(entry -> hashes.add(entry.hash()));
        return hashes;
    }

    /** Every reading the day holds. */
    List<Reading> all() {
        List<Reading> all = new ArrayList<>();
        stored().values().forEach(chunk -> chunk.forEach(entry -> all.add(entry.reading())));
        pending.forEach(entry -> all.add(entry.reading()));
        return all;
    }

    /** Writes the waiting readings as the day's next chunk; returns the day's number of chunks. */
    int write() {
        if (!pending.isEmpty()) {
            // "%08x" without a Formatter: this runs for every record and day
            String key = dayKey + "|" + HexFormat.of().toHexDigits(written++);
            chunks.put(key, PatientDayCodec.chunk(pending));
            if (stored != null) {
                stored.put(key, new ArrayList<>(pending));
            }
            pending.clear();
        }
        return written;
    }

    /** Forgets the day's readings. */
    static void forget(KeyValueStore<String, byte[]> chunks, String dayKey) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> range = chunks.prefixScan(dayKey + "|", KEYS)) {
            range.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(chunks::delete);
    }

    private Map<String, List<Entry>> stored() {
        if (stored == null) {
            stored = new HashMap<>();
            try (KeyValueIterator<String, byte[]> range = chunks.prefixScan(dayKey + "|", KEYS)) {
                range.forEachRemaining(entry -> stored.put(entry.key,
                        new ArrayList<>(PatientDayCodec.entries(entry.value))));
            }
        }
        return stored;
    }
}
