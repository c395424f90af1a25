package io.bpmonitor.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.hl7v2.ErrorCode;
import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.fhir.FutureReadings;
import io.bpmonitor.fhir.MessageReader;
import io.bpmonitor.fhir.ObservationReader;
import io.bpmonitor.fhir.PayloadGuard;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

/** The mapping table of docs/interoperability.md, sample by sample, and what the detector's reader makes of it. */
class Pcd01MappingTest {

    private static final FhirContext R4 = FhirContext.forR4Cached();
    private static final MessageReader READER = new MessageReader(new ObservationReader(R4)::read,
            new PayloadGuard(65_536), new FutureReadings(Duration.ofMinutes(5)));

    private final V2Messages messages = new V2Messages();
    private final Pcd01Mapping mapping = new Pcd01Mapping();

    private List<Pcd01Mapping.Mapped> map(String text) throws Exception {
        return mapping.map(messages.parse(text.getBytes(StandardCharsets.ISO_8859_1))).readings();
    }

    private static BloodPressureReading read(Observation observation) {
        byte[] json = R4.newJsonParser().encodeResourceToString(observation).getBytes(StandardCharsets.UTF_8);
        return READER.read(json, Instant.parse("2026-12-02T00:00:00Z").toEpochMilli());
    }

    private static Quantity component(Observation observation, String loinc) {
        return observation.getComponent().stream()
                .filter(c -> c.getCode().getCoding().stream().anyMatch(code -> code.getCode().equals(loinc)))
                .filter(c -> c.hasValue()).findFirst().map(c -> c.getValueQuantity()).orElse(null);
    }

    @Test
    void aNonInvasiveGroupIsOneBloodPressureObservation() throws Exception {
        List<Pcd01Mapping.Mapped> mapped = map(Pcd01Samples.text("pcd01-nibp.hl7"));

        assertThat(mapped).hasSize(1);
        Observation observation = mapped.get(0).observation();
        assertThat(observation.getCode().getCoding()).extracting(c -> c.getSystem() + "|" + c.getCode())
                .containsExactly("http://loinc.org|85354-9", Pcd01Mapping.MDC + "|150020");
        assertThat(observation.getStatus()).isEqualTo(ObservationStatus.FINAL);
        assertThat(observation.getMeta().getProfile()).singleElement().satisfies(profile -> assertThat(profile.getValue())
                .isEqualTo("http://hl7.org/fhir/StructureDefinition/bp"));
        assertThat(observation.getSubject().getReference()).isEqualTo("Patient/HOSP-48213");
        assertThat(observation.getDevice().getReference()).isEqualTo("Device/0019C8FFFE3A1B22");
        assertThat(observation.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-12-01T09:29:58+01:00");
        assertThat(component(observation, "8480-6").getValue()).isEqualByComparingTo("152");
        assertThat(component(observation, "8480-6").getCode()).isEqualTo("mm[Hg]");
        assertThat(component(observation, "8462-4").getValue()).isEqualByComparingTo("94");
        assertThat(component(observation, "8478-0").getValue()).isEqualByComparingTo("113");
        assertThat(observation.getComponent()).as("heart rate and the device headers are not blood pressure").hasSize(3);
        assertThat(mapped.get(0).location().toString()).startsWith("OBX(4)");

        BloodPressureReading reading = read(observation);
        assertThat(reading.patientId()).isEqualTo("HOSP-48213");
        assertThat(reading.deviceId()).isEqualTo("0019C8FFFE3A1B22");
        assertThat(reading.systolic()).isEqualTo(152);
        assertThat(reading.diastolic()).isEqualTo(94);
        assertThat(reading.effectiveAt()).isEqualTo(Instant.parse("2026-12-01T08:29:58Z"));
    }

    @Test
    void theIdIsTheSameForTheSameMessageSentAgainAndDiffersForAnotherControlId() throws Exception {
        String first = map(Pcd01Samples.text("pcd01-nibp.hl7")).get(0).observation().getIdElement().getIdPart();
        String again = map(Pcd01Samples.text("pcd01-nibp.hl7")).get(0).observation().getIdElement().getIdPart();
        String other = map(Pcd01Samples.nibp("MON3B-000777", "HOSP-48213", 152, 94)).get(0).observation()
                .getIdElement().getIdPart();

        assertThat(first).isEqualTo(again).startsWith("hl7-").hasSize(40).isNotEqualTo(other);
    }

    @Test
    void kilopascalsAreSentAsUcumKpaAndReadInMillimetres() throws Exception {
        Observation observation = map(Pcd01Samples.text("pcd01-kpa.hl7")).get(0).observation();

        assertThat(component(observation, "8480-6").getCode()).isEqualTo("kPa");
        assertThat(observation.getMeta().getProfile()).as("the bp profile fixes mm[Hg]").isEmpty();
        assertThat(observation.getEffectiveDateTimeType().getValueAsString())
                .as("OBX-14 empty: OBR-7").isEqualTo("2026-12-01T10:14:30+00:00");
        BloodPressureReading reading = read(observation);
        assertThat(reading.systolic()).isEqualTo(152);
        assertThat(reading.diastolic()).isEqualTo(94);
    }

    @Test
    void aSystolicAloneIsAPartialReadingTakenWithTheSendersOffset() throws Exception {
        Observation observation = map(Pcd01Samples.text("pcd01-systolic-only.hl7")).get(0).observation();

        assertThat(observation.getStatus()).as("OBX-11 R").isEqualTo(ObservationStatus.PRELIMINARY);
        assertThat(component(observation, "8462-4")).as("OBX-11 X: no value").isNull();
        assertThat(observation.getComponent().get(1).getDataAbsentReason().getCodingFirstRep().getCode())
                .as("the profile's diastolic component, saying it was not measured").isEqualTo("unknown");
        assertThat(observation.getEffectiveDateTimeType().getValueAsString())
                .as("OBR-7 without an offset: MSH-7's").isEqualTo("2026-12-01T11:59:50+01:00");
        BloodPressureReading reading = read(observation);
        assertThat(reading.systolicOrNull()).isEqualTo(212);
        assertThat(reading.diastolicOrNull()).isNull();
    }

    @Test
    void whatCannotBecomeAReadingIsRefusedSayingWhatAndWhere() {
        assertRefused(Pcd01Samples.text("adt-a01.hl7"), ErrorCode.UNSUPPORTED_MESSAGE_TYPE, "MSH(1)-9",
                "only ORU^R01 (IHE PCD-01) is accepted, not ADT^A01");
        assertRefused(Pcd01Samples.text("pcd01-no-bp.hl7"), ErrorCode.REQUIRED_FIELD_MISSING, "OBX(1)-3",
                "no blood-pressure OBX");
        assertRefused(Pcd01Samples.text("pcd01-unknown-unit.hl7"), ErrorCode.TABLE_VALUE_NOT_FOUND, "OBX(1)-6",
                "OBX-6 unit 'mbar' of MDC_PRESS_BLD_NONINV_SYS is neither mmHg");
        assertRefused(Pcd01Samples.text("pcd01-nibp.hl7").replace("|152|", "|high|"), ErrorCode.DATA_TYPE_ERROR,
                "OBX(4)-5", "is not a number");
        assertRefused(Pcd01Samples.text("pcd01-nibp.hl7").replace("HOSP-48213^^^", "^^^"),
                ErrorCode.REQUIRED_FIELD_MISSING, "PID(1)-3", "no patient identifier in PID-3");
        assertRefused(Pcd01Samples.text("pcd01-nibp.hl7").replace("HOSP-48213", "HOSP 48213"),
                ErrorCode.DATA_TYPE_ERROR, "PID(1)-3", "PID-3's identifier is not a FHIR id");
        assertRefused(Pcd01Samples.text("pcd01-nibp.hl7").replace("+0100", ""), ErrorCode.DATA_TYPE_ERROR,
                "OBX(4)-14", "OBX-14 has no time-zone offset, and MSH-7 gives none either");
        assertRefused(Pcd01Samples.text("pcd01-nibp.hl7").replace("|MON3B-000001|P|", "||P|"),
                ErrorCode.REQUIRED_FIELD_MISSING, "MSH(1)-10", "no message control id");
    }

    private void assertRefused(String message, ErrorCode code, String location, String reason) {
        assertThatThrownBy(() -> map(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.code()).isEqualTo(code.getCode());
            assertThat(refusal.location().toString()).startsWith(location);
            assertThat(refusal.getMessage()).contains(reason).doesNotContain("48213").doesNotContain("Martin");
        });
    }

    @Test
    void theObservationsConformToR4AndToTheProfilesTheyClaim() throws Exception {
        FhirValidator validator = R4.newValidator().registerValidatorModule(new FhirInstanceValidator(
                new ValidationSupportChain(new DefaultProfileValidationSupport(R4), new SnapshotGeneratingValidationSupport(R4),
                        new InMemoryTerminologyServerValidationSupport(R4), new CommonCodeSystemsTerminologyService(R4))));
        for (String sample : new String[] {"pcd01-nibp.hl7", "pcd01-kpa.hl7", "pcd01-systolic-only.hl7"}) {
            Observation observation = map(Pcd01Samples.text(sample)).get(0).observation();
            assertThat(validator.validateWithResult(observation).getMessages())
                    .filteredOn(message -> message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                    .as(sample).isEmpty();
        }
    }

    @Test
    void notHl7AtAllIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> map("GET / HTTP/1.1 patient HOSP-48213")).isInstanceOfSatisfying(Hl7Refusal.class,
                refusal -> assertThat(refusal.getMessage()).startsWith("not an HL7 v2 message").doesNotContain("48213"));
    }
}
