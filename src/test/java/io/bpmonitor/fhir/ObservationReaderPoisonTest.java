package io.bpmonitor.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.PoisonCorpus.Poison;
import io.bpmonitor.testing.PoisonCorpus;
import org.apache.camel.CamelContext;
import org.apache.camel.component.fhir.FhirJsonDataFormat;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detector's poison corpus through the new reader and through today's route steps: every kind is refused, with
 * a reason, and with the same reason as the route's {@code unmarshal: fhirJson} (strict) and {@code readingExtractor}
 * give it — checked against Camel's FHIR data format itself, not only against our copy of that path.
 */
class ObservationReaderPoisonTest {

    private static final int MAX_MESSAGE_BYTES = 16_384;
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    /**
     * Refused without HAPI: by the size guard before any reader (the first three), or, being the extractor's kind of
     * refusal, by the streaming pass itself.
     */
    private static final Set<String> REFUSED_WITHOUT_HAPI = Set.of(
            "empty-record", "tombstone", "oversized",
            "other-loinc-code", "no-values", "unit-cm-hg",
            "unit-mmhg-not-ucum-code", "unit-system-not-ucum", "systolic-not-above-diastolic", "systolic-too-high",
            "diastolic-too-low", "value-overflow", "no-subject", "subject-not-patient", "no-effective",
            "status-cancelled", "no-id");

    private static CamelContext camel;

    private final PayloadGuard guard = new PayloadGuard(MAX_MESSAGE_BYTES);
    private final ReadingExtractor extractor = new ReadingExtractor();

    @BeforeAll
    static void startCamel() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    private static List<Poison> corpus() {
        Sent base = KnownReadings.generate(3, 2_002).get(1);
        return PoisonCorpus.of(base, MAX_MESSAGE_BYTES);
    }

    @Test
    void everyKindIsRefusedWithTheRoutesReason() {
        ObservationReader reader = new ObservationReader(FHIR);
        HapiObservationReader hapi = new HapiObservationReader(FHIR);
        List<Poison> corpus = corpus();
        assertThat(corpus).hasSize(29);

        Map<String, String> reasons = new LinkedHashMap<>();
        for (Poison poison : corpus) {
            long handedToHapi = reader.handedToHapiCount();
            String fromReader = refusal(poison, reader::read);
            boolean withoutHapi = reader.handedToHapiCount() == handedToHapi;
            String fromRoute = refusal(poison, this::routeSteps);

            assertThat(fromReader).as(poison.kind()).isNotBlank().isEqualTo(fromRoute)
                    .isEqualTo(refusal(poison, hapi::read));
            assertThat(withoutHapi).as(poison.kind() + " refused without HAPI")
                    .isEqualTo(REFUSED_WITHOUT_HAPI.contains(poison.kind()));
            reasons.put(poison.kind(), fromReader);
        }
        assertThat(reasons).containsEntry("unknown-element",
                "HAPI-1825: Unknown element 'bloodPressureMood' found during parse");
        assertThat(reasons).containsEntry("unit-cm-hg", "systolic unit 'cm[Hg]' is neither mm[Hg] nor kPa");
        assertThat(reasons).containsEntry("oversized", "oversized message: " + corpus.stream()
                .filter(poison -> poison.kind().equals("oversized")).findFirst().orElseThrow().value().length
                + " bytes, limit " + MAX_MESSAGE_BYTES);
    }

    /** Without the size guard in front, the reader and HAPI's path still agree on every kind, the big one too. */
    @Test
    void withoutTheGuardTheDecisionsAreStillHapis() {
        ObservationReader reader = new ObservationReader(FHIR);
        HapiObservationReader hapi = new HapiObservationReader(FHIR);
        for (Poison poison : corpus()) {
            assertThat(outcome(() -> reader.read(poison.value()))).as(poison.kind())
                    .isEqualTo(outcome(() -> hapi.read(poison.value())));
        }
        Poison oversized = corpus().stream().filter(poison -> poison.kind().equals("oversized")).findFirst()
                .orElseThrow();
        assertThat(reader.read(oversized.value()).observationId()).startsWith("poison-oversized-");
    }

    /** PayloadGuard, then the reader: the order of the route. */
    private String refusal(Poison poison, Function<byte[], BloodPressureReading> read) {
        try {
            byte[] payload = guard.payload(poison.value());
            BloodPressureReading reading = read.apply(payload);
            throw new AssertionError(poison.kind() + " was read: " + reading);
        } catch (InvalidReadingException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return e.getMessage(); // what the route's dead letter would say for any other exception
        }
    }

    /** Today's route: {@code unmarshal: fhirJson} (strict, the shared R4 context), then {@code readingExtractor}. */
    private BloodPressureReading routeSteps(byte[] payload) {
        FhirJsonDataFormat fhirJson = new FhirJsonDataFormat();
        fhirJson.setFhirContext(FHIR);
        fhirJson.setParserErrorHandler(new StrictErrorHandler());
        try {
            Object resource = fhirJson.unmarshal(new DefaultExchange(camel), new ByteArrayInputStream(payload));
            return extractor.extract(resource);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String outcome(java.util.function.Supplier<BloodPressureReading> read) {
        try {
            return "read " + read.get();
        } catch (InvalidReadingException e) {
            return "refused: " + e.getMessage();
        }
    }
}
