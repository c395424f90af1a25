package io.bpmonitor.fhir;

import static io.bpmonitor.fhir.BloodPressureCodes.DEVICE_REFERENCE_PREFIX;
import static io.bpmonitor.fhir.BloodPressureCodes.DIASTOLIC;
import static io.bpmonitor.fhir.BloodPressureCodes.KILOPASCAL;
import static io.bpmonitor.fhir.BloodPressureCodes.LOINC;
import static io.bpmonitor.fhir.BloodPressureCodes.MM_HG;
import static io.bpmonitor.fhir.BloodPressureCodes.PANELS;
import static io.bpmonitor.fhir.BloodPressureCodes.SYSTOLIC;
import static io.bpmonitor.fhir.BloodPressureCodes.UCUM;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * Reads a FHIR R4 blood-pressure Observation into a {@link BloodPressureReading}. Values are found by their LOINC
 * code, never by position, and their unit is checked; anything that is not a usable reading is refused with an
 * {@link InvalidReadingException} whose message is the dead-letter reason.
 */
public class ReadingExtractor {

    /** 1 kPa in mmHg (1 mmHg = 133.322 Pa). */
    static final BigDecimal MM_HG_PER_KPA = new BigDecimal("7.50062");

    public static final String NO_ID = "no Observation id";
    public static final String NOT_A_PANEL = "not a blood-pressure panel: code is not LOINC " + String.join(", ", PANELS);

    /**
     * Statuses read: a measurement ({@code preliminary} counts like {@code final} until replaced), a correction of
     * one, or its withdrawal ({@code entered-in-error}); a cancelled or registered reading is no measurement.
     */
    static final Set<ObservationStatus> USABLE_STATUSES = EnumSet.of(
            ObservationStatus.FINAL, ObservationStatus.AMENDED, ObservationStatus.CORRECTED,
            ObservationStatus.PRELIMINARY, ObservationStatus.ENTEREDINERROR);

    public BloodPressureReading extract(Object resource) {
        if (!(resource instanceof Observation observation)) {
            throw new InvalidReadingException("not an Observation: "
                    + (resource == null ? "empty body" : resource.getClass().getSimpleName()));
        }
        if (PANELS.stream().noneMatch(panel -> hasCoding(observation.getCode(), panel))) {
            throw new InvalidReadingException(NOT_A_PANEL);
        }
        if (!observation.hasStatus() || !USABLE_STATUSES.contains(observation.getStatus())) {
            throw new InvalidReadingException("status '" + (observation.hasStatus()
                    ? observation.getStatus().toCode() : "missing") + "' is not a usable measurement");
        }
        String observationId = observationId(observation.getIdElement().getIdPart());
        Integer systolic = pressure(observation, SYSTOLIC, "systolic");
        Integer diastolic = pressure(observation, DIASTOLIC, "diastolic");
        PlausibleRanges.check(systolic, diastolic);
        Reference subject = observation.getSubject();
        String device = observation.hasDevice() ? observation.getDevice().getReference() : null;
        return new BloodPressureReading(observationId, patientId(subject == null ? null : subject.getReference()),
                deviceId(device), effectiveAt(observation), systolic == null ? 0 : systolic,
                diastolic == null ? 0 : diastolic, bound(observation, SYSTOLIC, systolic),
                bound(observation, DIASTOLIC, diastolic), BloodPressureReading.Version.of(observation.getStatus()));
    }

    /** What the component's value says, by its Quantity's comparator, or absent; called once its value was read. */
    private static BloodPressureReading.Bound bound(Observation observation, String loincCode, Integer value) {
        if (value == null) {
            return BloodPressureReading.Bound.ABSENT;
        }
        Quantity quantity = (Quantity) component(observation, loincCode).getValue();
        return BloodPressureReading.Bound.of(quantity.hasComparator() ? quantity.getComparator().toCode() : null);
    }

    private static ObservationComponentComponent component(Observation observation, String loincCode) {
        return observation.getComponent().stream().filter(c -> hasCoding(c.getCode(), loincCode)).findFirst()
                .orElse(null);
    }

    /** The Observation's id, which is the document's {@code _id}: an R4 id, so never more than 64 ASCII bytes. */
    static String observationId(String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidReadingException(NO_ID);
        }
        if (!FhirDatatypes.isId(id)) {
            throw new InvalidReadingException("Observation.id: " + FhirDatatypes.NOT_AN_ID);
        }
        return id;
    }

    /** The patient's id from a reference {@link PatientReference} reads, which must be an R4 id. */
    static String patientId(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new InvalidReadingException("no subject");
        }
        String id = PatientReference.idPart(reference);
        if (id == null) {
            throw new InvalidReadingException("subject is not a Patient/<id> reference");
        }
        if (!FhirDatatypes.isId(id)) {
            throw new InvalidReadingException("Observation.subject: the Patient id is " + FhirDatatypes.NOT_AN_ID);
        }
        return id;
    }

    /** The id part of {@code Device/<id>}, or null: a device that is not named by an R4 id is not recorded. */
    static String deviceId(String reference) {
        if (reference == null || !reference.startsWith(DEVICE_REFERENCE_PREFIX)) {
            return null;
        }
        String id = reference.substring(DEVICE_REFERENCE_PREFIX.length());
        return FhirDatatypes.isId(id) ? id : null;
    }

    /**
     * When the pressure was measured: {@code effectiveDateTime}, or the start of {@code effectivePeriod} (the end when
     * only the end is given), since the profile allows a period for a measurement that takes time.
     */
    private static Instant effectiveAt(Observation observation) {
        if (!observation.hasEffective()) {
            throw new InvalidReadingException("no effective time");
        }
        DateTimeType dateTime;
        if (observation.getEffective() instanceof DateTimeType given) {
            dateTime = given;
        } else if (observation.getEffective() instanceof Period period && (period.hasStart() || period.hasEnd())) {
            dateTime = period.hasStart() ? period.getStartElement() : period.getEndElement();
        } else {
            throw new InvalidReadingException("effective[x] is neither a dateTime nor a Period");
        }
        if (dateTime.getValue() == null) {
            throw new InvalidReadingException("no effective time");
        }
        // A date without a time of day (and so without an offset) does not say when the pressure was high.
        if (dateTime.getPrecision().ordinal() < TemporalPrecisionEnum.SECOND.ordinal()) {
            throw new InvalidReadingException("effective time has no time of day");
        }
        return dateTime.getValue().toInstant();
    }

    /**
     * The value in mmHg, or null when there is none: no component, or one without a value (R4 puts a
     * {@code dataAbsentReason} there). A partial reading is read: a systolic of 212 alone is a crisis.
     */
    private static Integer pressure(Observation observation, String loincCode, String name) {
        ObservationComponentComponent component = component(observation, loincCode);
        if (component == null || !component.hasValue()) {
            return null;
        }
        if (!(component.getValue() instanceof Quantity quantity) || quantity.getValue() == null) {
            throw new InvalidReadingException(name + " value is not a numeric Quantity");
        }
        return toMillimetresOfMercury(quantity, name);
    }

    private static int toMillimetresOfMercury(Quantity quantity, String name) {
        return toMillimetresOfMercury(quantity.getValue(), quantity.getCode(), quantity.hasSystem(), quantity.getSystem(),
                name);
    }

    /**
     * The quantity in whole mmHg, or a refusal; {@link ObservationReader} converts with this too, so both paths agree.
     *
     * @param unit      the quantity's UCUM code
     * @param hasSystem whether the quantity names a unit system at all
     */
    static int toMillimetresOfMercury(BigDecimal quantityValue, String unit, boolean hasSystem, String system,
                                      String name) {
        if (hasSystem && !UCUM.equals(system)) {
            throw new InvalidReadingException(name + " unit system is not UCUM");
        }
        BigDecimal value;
        if (MM_HG.equals(unit)) {
            value = quantityValue;
        } else if (KILOPASCAL.equals(unit)) {
            value = quantityValue.multiply(MM_HG_PER_KPA);
        } else {
            throw new InvalidReadingException(name + " unit '" + unit + "' is neither mm[Hg] nor kPa");
        }
        // Decided by magnitude before rounding: setScale on a value such as 1E+99999999 (a decimal HAPI accepts from a
        // JSON string) would build the hundred-million-digit number first and hold the consumer thread for minutes.
        if (value.signum() == 0 || value.precision() - value.scale() < 0) {
            return 0; // |value| < 0.1 rounds half-up to 0
        }
        if (value.precision() - value.scale() > 10) {
            throw new InvalidReadingException(name + " value is out of any range");
        }
        try {
            return value.setScale(0, RoundingMode.HALF_UP).intValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidReadingException(name + " value is out of any range");
        }
    }

    private static boolean hasCoding(CodeableConcept concept, String loincCode) {
        if (concept == null) {
            return false;
        }
        for (Coding coding : concept.getCoding()) {
            if (LOINC.equals(coding.getSystem()) && loincCode.equals(coding.getCode())) {
                return true;
            }
        }
        return false;
    }
}
