package io.bpmonitor.alerts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.bpmonitor.alerts.DaySums.Reading;
import io.bpmonitor.alerts.DaySums.Values;

/**
 * The bytes of the engine's stores of days: a day's sums ({@value AlertTopology#PATIENT_DAYS}) and a chunk of a day's
 * readings ({@value AlertTopology#PATIENT_DAY_CHUNKS}), compact and binary (a version byte, then the fields in order;
 * the day as epoch day, times as epoch milliseconds, an absent pressure as -1). Version 2 of a day adds the latest
 * effective time and the number of chunks; a day of version 1 reads with neither known.
 */
final class PatientDayCodec {

    private static final byte VERSION = 2;
    private static final byte CHUNK_VERSION = 1;
    /** A reading in a chunk: the Observation's hash, the effective time, the two pressures. */
    private static final int CHUNK_ENTRY_BYTES = 8 + 8 + 2 + 2;

    private PatientDayCodec() {
    }

    static byte[] bytes(DaySums day) {
        byte[] patient = day.patientId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 2 + patient.length + 8 + 8 + 3 * 4 + 6 * 20 + 4 + 8 + 4);
        out.put(VERSION).putShort((short) patient.length).put(patient).putLong(day.day().toEpochDay())
                .putLong(day.revision());
        out.putInt(day.readings());
        put(out, day.systolic());
        put(out, day.diastolic());
        out.putInt(day.morningReadings());
        put(out, day.morningSystolic());
        put(out, day.morningDiastolic());
        out.putInt(day.eveningReadings());
        put(out, day.eveningSystolic());
        put(out, day.eveningDiastolic());
        out.putInt(day.aboveTarget());
        out.putLong(day.latestMillis()).putInt(day.chunks());
        return out.array();
    }

    static DaySums day(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version < 1 || version > VERSION) {
            throw new IllegalStateException("patient day of an unknown version " + version);
        }
        byte[] patient = new byte[in.getShort()];
        in.get(patient);
        LocalDate day = LocalDate.ofEpochDay(in.getLong());
        long revision = in.getLong();
        DaySums sums = new DaySums(new String(patient, StandardCharsets.UTF_8), day, in.getInt(), values(in),
                values(in), in.getInt(), values(in), values(in), in.getInt(), values(in), values(in), in.getInt(),
                revision, Long.MAX_VALUE, 0);
        return version == 1 ? sums : sums.withLatest(in.getLong()).withChunks(in.getInt());
    }

    /** A chunk of a day's readings: a version byte, then each reading's Observation hash, time and pressures. */
    static byte[] chunk(List<DayReadings.Entry> entries) {
        ByteBuffer out = ByteBuffer.allocate(1 + entries.size() * CHUNK_ENTRY_BYTES).put(CHUNK_VERSION);
        for (DayReadings.Entry entry : entries) {
            out.putLong(entry.hash()).putLong(entry.reading().effectiveMillis())
                    .putShort(entry.reading().systolic()).putShort(entry.reading().diastolic());
        }
        return out.array();
    }

    static List<DayReadings.Entry> entries(byte[] chunk) {
        ByteBuffer in = ByteBuffer.wrap(chunk);
        byte version = in.get();
        if (version != CHUNK_VERSION) {
            throw new IllegalStateException("chunk of readings of an unknown version " + version);
        }
        List<DayReadings.Entry> entries = new ArrayList<>(in.remaining() / CHUNK_ENTRY_BYTES);
        while (in.hasRemaining()) {
            entries.add(new DayReadings.Entry(in.getLong(), new Reading(in.getLong(), in.getShort(), in.getShort())));
        }
        return entries;
    }

    private static void put(ByteBuffer out, Values values) {
        out.putInt(values.count()).putLong(values.sum()).putInt(values.min()).putInt(values.max());
    }

    private static Values values(ByteBuffer in) {
        return new Values(in.getInt(), in.getLong(), in.getInt(), in.getInt());
    }
}
