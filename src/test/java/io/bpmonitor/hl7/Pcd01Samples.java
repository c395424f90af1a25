package io.bpmonitor.hl7;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PCD-01 samples of {@code src/test/resources/hl7}, written here after the structure of IHE PCD TF-2 (one line a
 * segment in the files, {@code \r} between segments on the wire as HL7 v2 wants).
 */
public final class Pcd01Samples {

    /** The control id and patient of {@code pcd01-nibp.hl7}, replaced to make other messages of the same shape. */
    public static final String NIBP_CONTROL_ID = "MON3B-000001";
    public static final String NIBP_PATIENT = "HOSP-48213";

    private Pcd01Samples() {
    }

    /** Read once each: a burst builds thousands of messages from one sample. */
    private static final Map<String, String> READ = new ConcurrentHashMap<>();

    public static String text(String name) {
        return READ.computeIfAbsent(name, Pcd01Samples::read);
    }

    private static String read(String name) {
        try (InputStream in = Pcd01Samples.class.getResourceAsStream("/hl7/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().replace("\n", "\r") + "\r";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String name) {
        return text(name).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code pcd01-nibp.hl7} with its own control id and patient, and the values given. */
    public static String nibp(String controlId, String patientId, int systolic, int diastolic) {
        return text("pcd01-nibp.hl7").replace(NIBP_CONTROL_ID, controlId).replace(NIBP_PATIENT, patientId)
                .replace("|152|", "|" + systolic + "|").replace("|94|", "|" + diastolic + "|");
    }
}
