package io.bpmonitor.fhir;

/**
 * The terminology of the FHIR R4 blood-pressure profile, shared by the simulator that writes Observations and the
 * detector that reads them, so both sides agree on every code.
 */
public final class BloodPressureCodes {

    public static final String BP_PROFILE = "http://hl7.org/fhir/StructureDefinition/bp";

    public static final String LOINC = "http://loinc.org";
    public static final String PANEL = "85354-9";
    public static final String PANEL_DISPLAY = "Blood pressure panel with all children optional";
    /** The other panels R6's vital-signs value set admits for blood pressure; read like {@link #PANEL}. */
    public static final String PANEL_SYSTOLIC_DIASTOLIC = "35094-2";
    public static final String PANEL_SHORT = "55417-0";
    /** Every panel code a reading may carry, the one we write first. */
    public static final java.util.List<String> PANELS = java.util.List.of(PANEL, PANEL_SYSTOLIC_DIASTOLIC, PANEL_SHORT);
    public static final String SYSTOLIC = "8480-6";
    public static final String SYSTOLIC_DISPLAY = "Systolic blood pressure";
    public static final String DIASTOLIC = "8462-4";
    public static final String DIASTOLIC_DISPLAY = "Diastolic blood pressure";

    public static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
    public static final String VITAL_SIGNS = "vital-signs";
    public static final String VITAL_SIGNS_DISPLAY = "Vital Signs";

    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String MM_HG = "mm[Hg]";
    public static final String MM_HG_DISPLAY = "mmHg";
    public static final String KILOPASCAL = "kPa";

    public static final String PATIENT_REFERENCE_PREFIX = "Patient/";
    public static final String DEVICE_REFERENCE_PREFIX = "Device/";

    private BloodPressureCodes() {
    }
}
