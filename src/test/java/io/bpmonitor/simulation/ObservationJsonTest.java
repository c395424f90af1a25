package io.bpmonitor.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/** The simulator's own JSON is the Observation HAPI would write for the same reading, element for element. */
class ObservationJsonTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private static Observation parsed(SimulatedReading reading) {
        IParser strict = FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        return strict.parseResource(Observation.class, new String(ObservationJson.bytes(reading), StandardCharsets.UTF_8));
    }

    @Test
    void equalsHapisObservationForTheSameReading() {
        Random random = new Random(3);
        Clock clock = Clock.fixed(Instant.parse("2026-11-29T10:15:30.123Z"), ZoneOffset.ofHours(-5));
        ReadingGenerator generator = new ReadingGenerator(PatientCohort.generate(20, random), random, clock);
        IParser canonical = FHIR.newJsonParser();
        for (int i = 0; i < 500; i++) {
            SimulatedReading reading = generator.next();
            assertThat(canonical.encodeResourceToString(parsed(reading)))
                    .isEqualTo(canonical.encodeResourceToString(ObservationFactory.of(reading)));
        }
    }

    @Test
    void withoutADeviceThereIsNoDeviceReference() {
        SimulatedReading reading = new SimulatedReading("obs-1", "p-0001", null,
                OffsetDateTime.parse("2026-11-29T10:00:00Z"), 150, 95);

        assertThat(parsed(reading).hasDevice()).isFalse();
        assertThat(parsed(reading).getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-11-29T10:00:00.000Z");
    }

    @Test
    void anIdThatWouldNeedEscapingIsABug() {
        SimulatedReading reading = new SimulatedReading("obs\"1", "p-0001", null,
                OffsetDateTime.parse("2026-11-29T10:00:00Z"), 150, 95);

        assertThatThrownBy(() -> ObservationJson.bytes(reading)).hasMessageContaining("not a FHIR id");
    }
}
