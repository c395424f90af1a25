package io.bpmonitor.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.fhir.ReadingExtractor;
import io.bpmonitor.rules.HypertensionType;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

class ReadingGeneratorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.ofHours(2));
    private final ReadingExtractor extractor = new ReadingExtractor();

    private static ReadingGenerator generator(long seed) {
        Random random = new Random(seed);
        return new ReadingGenerator(PatientCohort.generate(50, random), random, CLOCK);
    }

    private List<BloodPressureReading> readings(long seed, int count) {
        ReadingGenerator generator = generator(seed);
        return IntStream.range(0, count).mapToObj(i -> extractor.extract(ObservationFactory.of(generator.next()))).toList();
    }

    @Test
    void aSeedReplaysTheSameReadings() {
        ReadingGenerator first = generator(11);
        ReadingGenerator second = generator(11);
        for (int i = 0; i < 100; i++) {
            assertThat(ObservationJson.bytes(first.next())).isEqualTo(ObservationJson.bytes(second.next()));
        }
        assertThat(readings(12, 50)).isNotEqualTo(readings(11, 50));
    }

    @Test
    void everyKindOfHypertensionAndRareCrisesOccur() {
        List<BloodPressureReading> readings = readings(3, 10_000);
        Map<HypertensionType, Integer> kinds = new EnumMap<>(HypertensionType.class);
        readings.forEach(r -> kinds.merge(HypertensionType.of(r.systolic(), r.diastolic()), 1, Integer::sum));
        long crises = readings.stream().filter(r -> r.systolic() >= 180 || r.diastolic() >= 110).count();
        long anomalies = readings.stream().filter(r -> r.systolic() > 140 || r.diastolic() > 90).count();

        assertThat(kinds.keySet()).containsExactlyInAnyOrder(HypertensionType.values());
        assertThat(kinds.values()).allSatisfy(count -> assertThat(count).isGreaterThan(500));
        // rare: a few percent at most
        assertThat(crises).isBetween(10L, 300L);
        assertThat(anomalies).isBetween(3_000L, 7_000L);
    }

    @Test
    void idsAreUniqueAndTimesCarryTheirOffset() {
        ReadingGenerator generator = generator(5);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            Observation observation = ObservationFactory.of(generator.next());
            assertThat(ids.add(observation.getIdElement().getIdPart())).isTrue();
            assertThat(observation.getEffectiveDateTimeType().getValueAsString()).endsWith("+02:00");
        }
    }
}
