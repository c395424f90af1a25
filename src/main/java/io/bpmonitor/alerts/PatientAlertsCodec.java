package io.bpmonitor.alerts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bytes of the engine's store {@value AlertTopology#PATIENT_EPISODES}: a patient's state, written for every
 * anomalous reading and read by no one but the engine, so compact and binary (a version byte, then the fields in
 * order; times as epoch milliseconds, enums by name). The JSON state of the first engine release, which starts with
 * {@code {}, is still read, so its stores and changelogs carry over.
 */
final class PatientAlertsCodec {

    /**
     * 2 adds the hypotension alert after the sustained one, 3 the repeated one after it and, after the window, the
     * readings each reading rule's alert took, which 4 moves to a store of their own ({@link TakenReadings}): read from
     * a state of version 3, they are carried ({@link PatientAlerts#carriedTaken}) until the engine moves them there. Before 3 the sustained alert was the short-window rule's: it stays the patient's
     * sustained alert, and the home rule continues or resolves it at the patient's next reading. 5 writes each alert's
     * whole {@link Review} where 4 wrote its review status.
     */
    private static final byte VERSION = 5;
    private static final byte TAKEN_READING_VERSION = 1;
    private static final long NO_TIME = Long.MIN_VALUE;
    private static final short ABSENT = -1;

    private PatientAlertsCodec() {
    }

    static byte[] bytes(PatientAlerts state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeAlert(out, state.crisis());
            writeAlert(out, state.sustained());
            writeAlert(out, state.hypotension());
            writeAlert(out, state.repeated());
            out.writeShort(state.window().size());
            for (AlertingReading reading : state.window()) {
                writeReading(out, reading);
            }
            writeTime(out, state.writtenAt());
            out.writeByte(state.behind().size());
            for (AlertKind kind : state.behind()) {
                out.writeUTF(kind.name());
            }
            out.writeLong(state.revision());
        } catch (IOException e) {
            throw new UncheckedIOException("a state in memory always writes", e);
        }
        return bytes.toByteArray();
    }

    /** The bytes of a taken reading ({@value AlertTopology#ALERT_READINGS}): a version byte, then its fields. */
    static byte[] bytes(AlertingReading reading) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(TAKEN_READING_VERSION);
            writeReading(out, reading);
        } catch (IOException e) {
            throw new UncheckedIOException("a reading in memory always writes", e);
        }
        return bytes.toByteArray();
    }

    static AlertingReading reading(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != TAKEN_READING_VERSION) {
                throw new IllegalStateException("taken reading of an unknown version " + version);
            }
            return readReading(in);
        } catch (IOException e) {
            throw new IllegalStateException("taken reading cut short", e);
        }
    }

    static PatientAlerts read(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return AlertJson.readState(bytes);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version < 1 || version > VERSION) {
                throw new IllegalStateException("alert state of an unknown version " + version);
            }
            Alert crisis = readAlert(in, version);
            Alert sustained = readAlert(in, version);
            Alert hypotension = version >= 2 ? readAlert(in, version) : null;
            Alert repeated = version >= 3 ? readAlert(in, version) : null;
            int windowSize = in.readUnsignedShort();
            List<AlertingReading> window = new ArrayList<>(windowSize);
            for (int i = 0; i < windowSize; i++) {
                window.add(readReading(in));
            }
            Map<AlertKind, List<AlertingReading>> carriedTaken = new EnumMap<>(AlertKind.class);
            if (version == 3) {
                for (AlertKind kind : AlertKind.OF_READINGS) {
                    int size = in.readUnsignedShort();
                    List<AlertingReading> readings = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        readings.add(readReading(in));
                    }
                    if (!readings.isEmpty()) {
                        carriedTaken.put(kind, readings);
                    }
                }
            }
            Instant writtenAt = readTime(in);
            int behindSize = in.readUnsignedByte();
            Set<AlertKind> behind = EnumSet.noneOf(AlertKind.class);
            for (int i = 0; i < behindSize; i++) {
                behind.add(AlertKind.valueOf(in.readUTF()));
            }
            return new PatientAlerts(crisis, sustained, hypotension, repeated, window, writtenAt, behind,
                    in.readLong(), carriedTaken);
        } catch (IOException e) {
            throw new IllegalStateException("alert state cut short", e);
        }
    }

    /** An alert alone (the store {@value AlertTopology#ALERTS_AWAITING_REVIEW}): a version byte, then the alert. */
    static byte[] bytes(Alert alert) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeAlert(out, alert);
        } catch (IOException e) {
            throw new UncheckedIOException("an alert in memory always writes", e);
        }
        return bytes.toByteArray();
    }

    static Alert alert(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version < 5 || version > VERSION) {
                throw new IllegalStateException("alert of an unknown version " + version);
            }
            return readAlert(in, version);
        } catch (IOException e) {
            throw new IllegalStateException("alert cut short", e);
        }
    }

    private static void writeAlert(DataOutputStream out, Alert alert) throws IOException {
        out.writeBoolean(alert != null);
        if (alert == null) {
            return;
        }
        out.writeUTF(alert.alertId());
        out.writeUTF(alert.patientId());
        out.writeUTF(alert.kind().name());
        out.writeUTF(alert.status().name());
        writeTime(out, alert.openedAt());
        writeTime(out, alert.lastReadingAt());
        writeTime(out, alert.resolvedAt());
        writeTime(out, alert.quietFrom());
        writeText(out, alert.resolution());
        out.writeInt(alert.readings());
        writePressure(out, alert.systolic());
        writePressure(out, alert.diastolic());
        out.writeShort(alert.observationIds().size());
        for (String observationId : alert.observationIds()) {
            out.writeUTF(observationId);
        }
        writeReview(out, alert.review());
    }

    private static void writeReview(DataOutputStream out, Review review) throws IOException {
        out.writeUTF(review.status().name());
        writeTime(out, review.raisedAt());
        writeText(out, review.holder());
        writeText(out, review.action());
        writeText(out, review.by());
        writeTime(out, review.at());
        writeText(out, review.note());
        writeText(out, review.outcome() == null ? null : review.outcome().name());
        out.writeShort(review.escalations());
        out.writeInt(review.revision());
        out.writeByte(review.actionIds().size());
        for (String actionId : review.actionIds()) {
            out.writeUTF(actionId);
        }
    }

    private static Review readReview(DataInputStream in, byte version) throws IOException {
        ReviewStatus status = ReviewStatus.valueOf(in.readUTF());
        if (version < 5) {
            return new Review(status, null, null, null, null, null, null, null, 0, 0, List.of());
        }
        Instant raisedAt = readTime(in);
        String holder = readText(in);
        String action = readText(in);
        String by = readText(in);
        Instant at = readTime(in);
        String note = readText(in);
        String outcome = readText(in);
        int escalations = in.readUnsignedShort();
        int revision = in.readInt();
        int ids = in.readUnsignedByte();
        List<String> actionIds = new ArrayList<>(ids);
        for (int i = 0; i < ids; i++) {
            actionIds.add(in.readUTF());
        }
        return new Review(status, raisedAt, holder, action, by, at, note,
                outcome == null ? null : ReviewOutcome.valueOf(outcome), escalations, revision, actionIds);
    }

    private static Alert readAlert(DataInputStream in, byte version) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String alertId = in.readUTF();
        String patientId = in.readUTF();
        AlertKind kind = AlertKind.valueOf(in.readUTF());
        AlertStatus status = AlertStatus.valueOf(in.readUTF());
        Instant openedAt = readTime(in);
        Instant lastReadingAt = readTime(in);
        Instant resolvedAt = readTime(in);
        Instant quietFrom = readTime(in);
        String resolution = readText(in);
        int readings = in.readInt();
        Integer systolic = readPressure(in);
        Integer diastolic = readPressure(in);
        int idCount = in.readUnsignedShort();
        List<String> observationIds = new ArrayList<>(idCount);
        for (int i = 0; i < idCount; i++) {
            observationIds.add(in.readUTF());
        }
        return new Alert(alertId, patientId, kind, status, openedAt, lastReadingAt, resolvedAt, quietFrom, resolution,
                readings, systolic, diastolic, List.copyOf(observationIds), readReview(in, version));
    }

    private static void writeReading(DataOutputStream out, AlertingReading reading) throws IOException {
        out.writeUTF(reading.observationId());
        writeTime(out, reading.effectiveAt());
        writeTime(out, reading.arrivedAt());
        writePressure(out, reading.systolic());
        writePressure(out, reading.diastolic());
        out.writeBoolean(reading.crisis());
    }

    private static AlertingReading readReading(DataInputStream in) throws IOException {
        return new AlertingReading(in.readUTF(), readTime(in), readTime(in), readPressure(in), readPressure(in),
                in.readBoolean());
    }

    /** A pressure, or {@link #ABSENT} for none: no pressure is negative, so state written before reads the same. */
    private static void writePressure(DataOutputStream out, Integer pressure) throws IOException {
        out.writeShort(pressure == null ? ABSENT : pressure);
    }

    private static Integer readPressure(DataInputStream in) throws IOException {
        short pressure = in.readShort();
        return pressure == ABSENT ? null : (int) pressure;
    }

    private static void writeTime(DataOutputStream out, Instant time) throws IOException {
        out.writeLong(time == null ? NO_TIME : time.toEpochMilli());
    }

    private static Instant readTime(DataInputStream in) throws IOException {
        long millis = in.readLong();
        return millis == NO_TIME ? null : Instant.ofEpochMilli(millis);
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readText(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
