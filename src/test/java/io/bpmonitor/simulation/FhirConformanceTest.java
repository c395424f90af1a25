package io.bpmonitor.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/** Thousands of simulated Observations, as the simulator writes them, validated offline against the FHIR R4 blood-pressure profile. */
class FhirConformanceTest {

    private static final int OBSERVATIONS = 2_000;

    private static final FhirValidator VALIDATOR = bloodPressureValidator();
    private static final IParser PARSER = FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler());

    private static FhirValidator bloodPressureValidator() {
        FhirContext fhir = FhirContext.forR4Cached();
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir),
                new InMemoryTerminologyServerValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir));
        return fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
    }

    private static List<String> errors(Observation observation) {
        return VALIDATOR.validateWithResult(observation).getMessages().stream()
                .filter(message -> message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(message -> message.getLocationString() + ": " + message.getMessage())
                .toList();
    }

    @Test
    void theValidatorEnforcesTheProfile() {
        Observation withoutSystolic = ObservationFactory.bloodPressure("obs-1", "p-0001", null,
                java.time.OffsetDateTime.parse("2026-11-29T10:00:00Z"), 150, 95);
        withoutSystolic.getComponent().remove(0);

        assertThat(errors(withoutSystolic)).isNotEmpty();
    }

    @Test
    void simulatedObservationsConformToTheBloodPressureProfile() {
        Random random = new Random(2026);
        ReadingGenerator generator = new ReadingGenerator(PatientCohort.generate(100, random), random,
                Clock.systemDefaultZone());

        List<Observation> observations = new ArrayList<>(OBSERVATIONS);
        for (int i = 0; i < OBSERVATIONS; i++) {
            observations.add(PARSER.parseResource(Observation.class, new String(ObservationJson.bytes(generator.next()), StandardCharsets.UTF_8)));
        }
        assertThat(observations).allSatisfy(observation -> assertThat(observation.getMeta().getProfile())
                .singleElement().satisfies(profile -> assertThat(profile.getValue())
                        .isEqualTo("http://hl7.org/fhir/StructureDefinition/bp")));

        // the validator is thread-safe; validating on every core keeps this test short
        List<String> errors = observations.parallelStream().flatMap(o -> errors(o).stream()).toList();

        assertThat(errors).isEmpty();
    }
}
