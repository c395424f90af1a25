package io.bpmonitor.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.Map;

import io.bpmonitor.simulation.ObservationFactory;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** Extraction, case by case; {@link ObservationReaderTest} runs every case again through the streaming reader. */
class ReadingExtractorTest {

    final ReadingExtractor extractor = new ReadingExtractor();

    /** The reading, or the refusal, under test. */
    BloodPressureReading read(Object resource) {
        return extractor.extract(resource);
    }

    static Observation observation(int systolic, int diastolic) {
        return ObservationFactory.bloodPressure("obs-1", "p-0001", "cuff-0001",
                OffsetDateTime.parse("2026-11-29T10:15:30.250+01:00"), systolic, diastolic);
    }

    static Quantity quantity(Observation observation, int component) {
        return (Quantity) observation.getComponent().get(component).getValue();
    }

    @Test
    void readsEveryField() {
        BloodPressureReading reading = read(observation(152, 97));

        assertThat(reading).isEqualTo(new BloodPressureReading("obs-1", "p-0001", "cuff-0001",
                Instant.parse("2026-11-29T09:15:30.250Z"), 152, 97));
    }

    @Test
    void aComparatorMakesTheValueABound() {
        Observation observation = observation(300, 55);
        quantity(observation, 0).setComparator(Quantity.QuantityComparator.GREATER_THAN);
        quantity(observation, 1).setComparator(Quantity.QuantityComparator.LESS_OR_EQUAL);

        BloodPressureReading reading = read(observation);

        assertThat(reading).extracting(BloodPressureReading::systolic, BloodPressureReading::systolicBound,
                        BloodPressureReading::diastolic, BloodPressureReading::diastolicBound)
                .containsExactly(300, BloodPressureReading.Bound.AT_LEAST, 55, BloodPressureReading.Bound.AT_MOST);
        assertThat(read(observation(152, 97)).systolicBound()).isEqualTo(BloodPressureReading.Bound.EXACT);
    }

    @Test
    void findsValuesByLoincCodeNotByPosition() {
        Observation observation = observation(152, 97);
        Collections.reverse(observation.getComponent());

        BloodPressureReading reading = read(observation);

        assertThat(reading.systolic()).isEqualTo(152);
        assertThat(reading.diastolic()).isEqualTo(97);
    }

    @Test
    void convertsKilopascalToMillimetresOfMercury() {
        Observation observation = observation(152, 97);
        quantity(observation, 0).setCode(BloodPressureCodes.KILOPASCAL).setValue(new BigDecimal("20.0"));

        assertThat(read(observation).systolic()).isEqualTo(150);
    }

    @Test
    void deviceIsOptional() {
        Observation observation = observation(152, 97);
        observation.setDevice(null);

        assertThat(read(observation).deviceId()).isNull();
    }

    /** R4's own example observation-example-bloodpressure-dar: the diastolic has a dataAbsentReason, no value. */
    @Test
    void aPartialReadingIsReadWithTheValueItHas() {
        Observation diastolicAbsent = observation(212, 97);
        diastolicAbsent.getComponent().get(1).setValue(null).getDataAbsentReason().addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/data-absent-reason").setCode("not-performed");

        BloodPressureReading reading = read(diastolicAbsent);

        assertThat(reading.systolicOrNull()).isEqualTo(212);
        assertThat(reading.diastolicOrNull()).isNull();
        assertThat(reading.diastolicBound()).isEqualTo(BloodPressureReading.Bound.ABSENT);
        assertThat(reading.forHighRules().diastolic()).as("crosses no high line").isZero();
        assertThat(reading.forLowRules().diastolic()).as("crosses no low line").isGreaterThan(200);
    }

    /** entered-in-error withdraws the reading, amended and corrected replace it, preliminary counts like final. */
    @Test
    void theStatusSaysWhatVersionOfTheReadingItIs() {
        Map<Observation.ObservationStatus, BloodPressureReading.Version> versions = Map.of(
                Observation.ObservationStatus.FINAL, BloodPressureReading.Version.RESULT,
                Observation.ObservationStatus.PRELIMINARY, BloodPressureReading.Version.RESULT,
                Observation.ObservationStatus.AMENDED, BloodPressureReading.Version.CORRECTION,
                Observation.ObservationStatus.CORRECTED, BloodPressureReading.Version.CORRECTION,
                Observation.ObservationStatus.ENTEREDINERROR, BloodPressureReading.Version.WITHDRAWAL);
        versions.forEach((status, version) -> {
            Observation observation = observation(152, 97);
            observation.setStatus(status);
            assertThat(read(observation).version()).as(status.toCode()).isEqualTo(version);
        });
    }

    @Test
    void aMissingComponentIsAnAbsentValue() {
        Observation noSystolic = observation(152, 97);
        noSystolic.getComponent().remove(0);

        BloodPressureReading reading = read(noSystolic);

        assertThat(reading.systolicOrNull()).isNull();
        assertThat(reading.diastolicOrNull()).isEqualTo(97);
    }

    @Test
    void readsEveryPanelCodeOfTheVitalSignsValueSet() {
        for (String panel : java.util.List.of("35094-2", "55417-0")) {
            Observation observation = observation(152, 97);
            observation.getCode().getCodingFirstRep().setCode(panel);
            assertThat(read(observation).systolic()).as(panel).isEqualTo(152);
        }
    }

    @Test
    void aPatientIsNamedRelativelyAbsolutelyOrWithAVersion() {
        for (String reference : java.util.List.of("Patient/p-7", "Patient/p-7/_history/2",
                "https://ehr.example/fhir/Patient/p-7", "http://ehr.example/fhir/Patient/p-7/_history/12")) {
            Observation observation = observation(152, 97);
            observation.setSubject(new Reference(reference));
            assertThat(read(observation).patientId()).as(reference).isEqualTo("p-7");
        }
        for (String reference : java.util.List.of("https://ehr.example/fhir/Group/p-7", "Patient/",
                "https://Patient/p-7", "urn:uuid:7d3b6a62-0b0e-4c8a-9d0e-3f5a1c2b4e6f")) {
            Observation observation = observation(152, 97);
            observation.setSubject(new Reference(reference));
            assertThatThrownBy(() -> read(observation)).as(reference).isInstanceOf(InvalidReadingException.class);
        }
    }

    @Test
    void aPeriodCountsFromItsStartOrElseItsEnd() {
        Observation period = observation(152, 97);
        period.setEffective(new Period().setStartElement(new DateTimeType("2026-11-29T10:00:00+01:00"))
                .setEndElement(new DateTimeType("2026-11-29T10:01:10+01:00")));
        assertThat(read(period).effectiveAt()).isEqualTo(Instant.parse("2026-11-29T09:00:00Z"));

        Observation endOnly = observation(152, 97);
        endOnly.setEffective(new Period().setEndElement(new DateTimeType("2026-11-29T10:01:10Z")));
        assertThat(read(endOnly).effectiveAt()).isEqualTo(Instant.parse("2026-11-29T10:01:10Z"));
    }

    @Test
    void refusesWhatIsNotAReading() {
        assertRefused(new Patient(), "not an Observation: Patient");
        assertRefused(null, "not an Observation: empty body");

        Observation otherCode = observation(152, 97);
        otherCode.getCode().getCodingFirstRep().setCode("8867-4");
        assertRefused(otherCode, "not a blood-pressure panel");

        Observation noValueAtAll = observation(152, 97);
        noValueAtAll.getComponent().get(0).setValue(null);
        noValueAtAll.getComponent().remove(1);
        assertRefused(noValueAtAll, "neither systolic nor diastolic has a value");

        Observation textValue = observation(152, 97);
        textValue.getComponent().get(0).setValue(new StringType("high"));
        assertRefused(textValue, "systolic value is not a numeric Quantity");

        Observation wrongUnit = observation(152, 97);
        quantity(wrongUnit, 1).setCode("cm[H2O]");
        assertRefused(wrongUnit, "diastolic unit 'cm[H2O]' is neither mm[Hg] nor kPa");

        Observation wrongSystem = observation(152, 97);
        quantity(wrongSystem, 0).setSystem("http://example.org/units");
        assertRefused(wrongSystem, "systolic unit system is not UCUM");
    }

    @Test
    void refusesReadingsWithoutPatientTimeOrUsableStatus() {
        Observation noSubject = observation(152, 97);
        noSubject.setSubject(null);
        assertRefused(noSubject, "no subject");

        Observation groupSubject = observation(152, 97);
        groupSubject.setSubject(new Reference("Group/ward-3"));
        assertRefused(groupSubject, "subject is not a Patient/<id> reference");

        Observation noTime = observation(152, 97);
        noTime.setEffective(null);
        assertRefused(noTime, "no effective time");

        Observation instant = observation(152, 97);
        instant.setEffective(new org.hl7.fhir.r4.model.InstantType("2026-11-29T10:00:00Z"));
        assertRefused(instant, "effective[x] is neither a dateTime nor a Period");

        Observation emptyPeriod = observation(152, 97);
        emptyPeriod.setEffective(new Period().setEndElement(new DateTimeType("2026-11-29")));
        assertRefused(emptyPeriod, "effective time has no time of day");

        Observation dateOnly = observation(152, 97);
        dateOnly.setEffective(new DateTimeType("2026-11-29"));
        assertRefused(dateOnly, "effective time has no time of day");

        Observation cancelled = observation(152, 97);
        cancelled.setStatus(Observation.ObservationStatus.CANCELLED);
        assertRefused(cancelled, "status 'cancelled' is not a usable measurement");

        Observation noId = observation(152, 97);
        noId.setId((String) null);
        assertRefused(noId, "no Observation id");
    }

    @Test
    void refusesPhysiologicallyImpossibleValues() {
        assertRefused(observation(301, 90), "systolic 301 mmHg outside the plausible range 30-300");
        assertRefused(observation(120, 14), "diastolic 14 mmHg outside the plausible range 15-200");
        assertRefused(observation(90, 90), "systolic 90 mmHg is not above diastolic 90 mmHg");
        assertThat(read(observation(300, 200)).systolic()).isEqualTo(300);
    }

    private void assertRefused(Object resource, String reason) {
        assertThatThrownBy(() -> read(resource))
                .isInstanceOf(InvalidReadingException.class)
                .hasMessageStartingWith(reason);
    }
}
