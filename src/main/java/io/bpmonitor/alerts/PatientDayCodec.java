package io.bpmonitor.alerts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;

/**
 * The bytes of the engine's store {@value AlertTopology#PATIENT_DAYS}: a day is written at every reading of it, a
 * hundred readings and more in a backfill, so compact and binary (a version byte, then the fields in order; the day
 * as epoch day, each reading as its id's hash, epoch milliseconds and its two pressures, -1 for an absent one).
 */
final class PatientDayCodec {

    private static final byte VERSION = 1;

    private PatientDayCodec() {
    }

    static byte[] bytes(PatientDay day) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 20 * day.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(day.patientId());
            out.writeLong(day.day().toEpochDay());
            out.writeLong(day.revision());
            out.writeInt(day.size());
            for (int i = 0; i < day.size(); i++) {
                out.writeLong(day.id(i));
                out.writeLong(day.effectiveMillis(i));
                out.writeShort(day.systolic(i));
                out.writeShort(day.diastolic(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a day in memory always writes", e);
        }
        return bytes.toByteArray();
    }

    static PatientDay read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("patient day of an unknown version " + version);
            }
            String patientId = in.readUTF();
            LocalDate day = LocalDate.ofEpochDay(in.readLong());
            long revision = in.readLong();
            int count = in.readInt();
            long[] ids = new long[count];
            long[] effectiveMillis = new long[count];
            short[] systolic = new short[count];
            short[] diastolic = new short[count];
            for (int i = 0; i < count; i++) {
                ids[i] = in.readLong();
                effectiveMillis[i] = in.readLong();
                systolic[i] = in.readShort();
                diastolic[i] = in.readShort();
            }
            return new PatientDay(patientId, day, ids, effectiveMillis, systolic, diastolic, revision);
        } catch (IOException e) {
            throw new IllegalStateException("patient day cut short", e);
        }
    }
}
