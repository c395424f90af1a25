package io.bpmonitor.simulation;

import static io.bpmonitor.fhir.BloodPressureCodes.BP_PROFILE;
import static io.bpmonitor.fhir.BloodPressureCodes.CATEGORY_SYSTEM;
import static io.bpmonitor.fhir.BloodPressureCodes.DEVICE_REFERENCE_PREFIX;
import static io.bpmonitor.fhir.BloodPressureCodes.DIASTOLIC;
import static io.bpmonitor.fhir.BloodPressureCodes.DIASTOLIC_DISPLAY;
import static io.bpmonitor.fhir.BloodPressureCodes.LOINC;
import static io.bpmonitor.fhir.BloodPressureCodes.MM_HG;
import static io.bpmonitor.fhir.BloodPressureCodes.MM_HG_DISPLAY;
import static io.bpmonitor.fhir.BloodPressureCodes.PANEL;
import static io.bpmonitor.fhir.BloodPressureCodes.PANEL_DISPLAY;
import static io.bpmonitor.fhir.BloodPressureCodes.PATIENT_REFERENCE_PREFIX;
import static io.bpmonitor.fhir.BloodPressureCodes.SYSTOLIC;
import static io.bpmonitor.fhir.BloodPressureCodes.SYSTOLIC_DISPLAY;
import static io.bpmonitor.fhir.BloodPressureCodes.UCUM;
import static io.bpmonitor.fhir.BloodPressureCodes.VITAL_SIGNS;
import static io.bpmonitor.fhir.BloodPressureCodes.VITAL_SIGNS_DISPLAY;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/**
 * Writes a {@link SimulatedReading} as a FHIR R4 Observation of the blood-pressure profile, in JSON, straight from the
 * values: a simulator at tens of thousands of readings a second cannot afford a FHIR object model per reading.
 * {@code ObservationJsonTest} proves the output equal to HAPI's for the same reading and valid against the profile.
 */
public final class ObservationJson {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

    /** Everything before the id: the same for every reading. */
    private static final String HEAD = "{\"resourceType\":\"Observation\",\"id\":\"";
    private static final String PROFILE_TO_SUBJECT = "\",\"meta\":{\"profile\":[\"" + BP_PROFILE + "\"]},"
            + "\"status\":\"final\","
            + "\"category\":[{\"coding\":[{\"system\":\"" + CATEGORY_SYSTEM + "\",\"code\":\"" + VITAL_SIGNS
            + "\",\"display\":\"" + VITAL_SIGNS_DISPLAY + "\"}]}],"
            + "\"code\":{\"coding\":[" + coding(PANEL, PANEL_DISPLAY) + "],\"text\":\"Blood pressure\"},"
            + "\"subject\":{\"reference\":\"" + PATIENT_REFERENCE_PREFIX;

    private ObservationJson() {
    }

    public static byte[] bytes(SimulatedReading reading) {
        StringBuilder json = new StringBuilder(900)
                .append(HEAD).append(safe(reading.id())).append(PROFILE_TO_SUBJECT).append(safe(reading.patientId()))
                .append("\"},");
        if (reading.deviceId() != null) {
            json.append("\"device\":{\"reference\":\"").append(DEVICE_REFERENCE_PREFIX).append(safe(reading.deviceId()))
                    .append("\"},");
        }
        json.append("\"effectiveDateTime\":\"").append(DATE_TIME.format(reading.takenAt())).append("\",")
                .append("\"component\":[")
                .append(component(SYSTOLIC, SYSTOLIC_DISPLAY, reading.systolic())).append(',')
                .append(component(DIASTOLIC, DIASTOLIC_DISPLAY, reading.diastolic()))
                .append("]}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String coding(String code, String display) {
        return "{\"system\":\"" + LOINC + "\",\"code\":\"" + code + "\",\"display\":\"" + display + "\"}";
    }

    private static String component(String code, String display, int mmHg) {
        return "{\"code\":{\"coding\":[" + coding(code, display) + "]},\"valueQuantity\":{\"value\":" + mmHg
                + ",\"unit\":\"" + MM_HG_DISPLAY + "\",\"system\":\"" + UCUM + "\",\"code\":\"" + MM_HG + "\"}}";
    }

    /** Ids are generated (UUIDs, p-NNNN, cuff-NNNN); anything else would be a bug, not data to escape. */
    private static String safe(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
                throw new IllegalArgumentException("not a FHIR id: " + id);
            }
        }
        return id;
    }
}
