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

import java.time.OffsetDateTime;
import java.util.Date;
import java.util.TimeZone;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/** Builds HAPI Observations of the FHIR R4 blood-pressure profile, for tests that change one element of a valid one. */
public final class ObservationFactory {

    private ObservationFactory() {
    }

    public static Observation of(SimulatedReading reading) {
        return bloodPressure(reading.id(), reading.patientId(), reading.deviceId(), reading.takenAt(), reading.systolic(),
                reading.diastolic());
    }

    /**
     * @param takenAt  the time of the reading; its offset is kept in {@code effectiveDateTime}
     * @param deviceId the sensor, or {@code null} when not modelled
     */
    public static Observation bloodPressure(String observationId, String patientId, String deviceId,
                                            OffsetDateTime takenAt, int systolic, int diastolic) {
        Observation observation = new Observation();
        observation.setId(observationId);
        observation.getMeta().addProfile(BP_PROFILE);
        observation.setStatus(ObservationStatus.FINAL);
        observation.addCategory().addCoding()
                .setSystem(CATEGORY_SYSTEM).setCode(VITAL_SIGNS).setDisplay(VITAL_SIGNS_DISPLAY);
        observation.setCode(loinc(PANEL, PANEL_DISPLAY)).getCode().setText("Blood pressure");
        observation.setSubject(new Reference(PATIENT_REFERENCE_PREFIX + patientId));
        if (deviceId != null) {
            observation.setDevice(new Reference(DEVICE_REFERENCE_PREFIX + deviceId));
        }
        DateTimeType effective = new DateTimeType(Date.from(takenAt.toInstant()), TemporalPrecisionEnum.MILLI,
                TimeZone.getTimeZone(takenAt.getOffset()));
        observation.setEffective(effective);
        observation.addComponent().setCode(loinc(SYSTOLIC, SYSTOLIC_DISPLAY)).setValue(millimetresOfMercury(systolic));
        observation.addComponent().setCode(loinc(DIASTOLIC, DIASTOLIC_DISPLAY)).setValue(millimetresOfMercury(diastolic));
        return observation;
    }

    private static CodeableConcept loinc(String code, String display) {
        CodeableConcept concept = new CodeableConcept();
        concept.addCoding().setSystem(LOINC).setCode(code).setDisplay(display);
        return concept;
    }

    private static Quantity millimetresOfMercury(int value) {
        return new Quantity().setValue(value).setUnit(MM_HG_DISPLAY).setSystem(UCUM).setCode(MM_HG);
    }
}
