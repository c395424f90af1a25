package io.bpmonitor.fhir;

import static io.bpmonitor.fhir.BloodPressureCodes.PATIENT_REFERENCE_PREFIX;

/**
 * Which patient a literal reference names, in the forms R4 allows for a resource on a server: {@code Patient/x},
 * an absolute {@code https://server/fhir/Patient/x}, and either with {@code /_history/<version>}. All name patient
 * {@code x}: a reading is about the patient, whichever version of the Patient resource the device had at hand.
 */
public final class PatientReference {

    private static final String HISTORY = "/_history/";
    private static final String ABSOLUTE_PATIENT = "/" + PATIENT_REFERENCE_PREFIX;

    private PatientReference() {
    }

    /** The text after {@code Patient/}, unchecked (the caller says whether it is an R4 id), or null. */
    public static String idPart(String reference) {
        if (reference == null) {
            return null;
        }
        String resource = reference;
        int history = resource.lastIndexOf(HISTORY);
        if (history > 0 && history + HISTORY.length() < resource.length()) {
            resource = resource.substring(0, history);
        }
        if (resource.startsWith(PATIENT_REFERENCE_PREFIX)) {
            return resource.length() > PATIENT_REFERENCE_PREFIX.length()
                    ? resource.substring(PATIENT_REFERENCE_PREFIX.length()) : null;
        }
        if (resource.startsWith("https://") || resource.startsWith("http://")) {
            int patient = resource.lastIndexOf(ABSOLUTE_PATIENT);
            int start = patient + ABSOLUTE_PATIENT.length();
            return patient > resource.indexOf("//") + 1 && start < resource.length() ? resource.substring(start) : null;
        }
        return null;
    }
}
