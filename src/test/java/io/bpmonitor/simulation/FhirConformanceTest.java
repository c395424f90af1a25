package io.bpmonitor.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/** Thousands of simulated Observations validated offline against the FHIR R4 blood-pressure profile. */
class FhirConformanceTest {

    private static final int OBSERVATIONS = 2_000;

    @Test
    void simulatedObservationsConformToTheBloodPressureProfile() {
        FhirContext fhir = FhirContext.forR4Cached();
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir),
                new InMemoryTerminologyServerValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir));
        FhirValidator validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
        Random random = new Random(2026);
        ReadingGenerator generator = new ReadingGenerator(PatientCohort.generate(100, random), random,
                Clock.systemDefaultZone());

        List<String> errors = new ArrayList<>();
        for (int i = 0; i < OBSERVATIONS; i++) {
            Observation observation = generator.next();
            assertThat(observation.getMeta().getProfile()).singleElement()
                    .satisfies(profile -> assertThat(profile.getValue())
                            .isEqualTo("http://hl7.org/fhir/StructureDefinition/bp"));
            ValidationResult result = validator.validateWithResult(observation);
            for (SingleValidationMessage message : result.getMessages()) {
                if (message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
                    errors.add(message.getLocationString() + ": " + message.getMessage());
                }
            }
        }

        assertThat(errors).isEmpty();
    }
}
