package io.bpmonitor.alerts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import io.bpmonitor.alerts.DaySums.Reading;
import io.bpmonitor.alerts.DaySums.Values;

/**
 * The bytes of the engine's stores of days: a day's sums ({@value AlertTopology#PATIENT_DAYS}) and a day's readings
 * ({@value AlertTopology#PATIENT_DAY_READINGS}), written at every reading, so compact and binary (a version byte,
 * then the fields in order; the day as epoch day, times as epoch milliseconds, an absent pressure as -1).
 */
final class PatientDayCodec {

    private static final byte VERSION = 1;
    private static final int READING_BYTES = 8 + 2 + 2;

    private PatientDayCodec() {
    }

    static byte[] bytes(DaySums day) {
        byte[] patient = day.patientId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 2 + patient.length + 8 + 8 + 3 * 4 + 6 * 20 + 4);
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
        return out.array();
    }

    static DaySums day(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalStateException("patient day of an unknown version " + version);
        }
        byte[] patient = new byte[in.getShort()];
        in.get(patient);
        LocalDate day = LocalDate.ofEpochDay(in.getLong());
        long revision = in.getLong();
        return new DaySums(new String(patient, StandardCharsets.UTF_8), day, in.getInt(), values(in), values(in),
                in.getInt(), values(in), values(in), in.getInt(), values(in), values(in), in.getInt(), revision);
    }

    static byte[] bytes(Reading reading) {
        return ByteBuffer.allocate(READING_BYTES).putLong(reading.effectiveMillis()).putShort(reading.systolic())
                .putShort(reading.diastolic()).array();
    }

    static Reading reading(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        return new Reading(in.getLong(), in.getShort(), in.getShort());
    }

    private static void put(ByteBuffer out, Values values) {
        out.putInt(values.count()).putLong(values.sum()).putInt(values.min()).putInt(values.max());
    }

    private static Values values(ByteBuffer in) {
        return new Values(in.getInt(), in.getLong(), in.getInt(), in.getInt());
    }
}
