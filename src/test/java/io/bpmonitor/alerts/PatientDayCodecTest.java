package io.bpmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import io.bpmonitor.alerts.DaySums.Reading;
import org.junit.jupiter.api.Test;

class PatientDayCodecTest {

    private static final HomeRules RULES = new HomeRules(java.time.ZoneOffset.UTC, 135, 85);

    @Test
    void aDayAndAChunkComeBack() {
        DaySums day = DaySums.empty("p-1", LocalDate.of(2026, 12, 7))
                .plus(new Reading(1_796_630_400_000L, (short) 150, (short) 95), RULES)
                .plus(new Reading(1_796_630_520_000L, (short) 212, DaySums.ABSENT), RULES).withChunks(3);
        assertThat(PatientDayCodec.day(PatientDayCodec.bytes(day))).isEqualTo(day);
        assertThat(day.latestMillis()).isEqualTo(1_796_630_520_000L);

        List<DayReadings.Entry> chunk = List.of(new DayReadings.Entry(-7L, new Reading(1L, (short) 120, (short) 80)),
                new DayReadings.Entry(42L, new Reading(2L, DaySums.ABSENT, (short) 55)));
        assertThat(PatientDayCodec.entries(PatientDayCodec.chunk(chunk))).isEqualTo(chunk);
    }

    @Test
    void aDayOfVersionOneKnowsNeitherItsLatestReadingNorItsChunks() {
        DaySums day = DaySums.empty("p-1", LocalDate.of(2026, 12, 7))
                .plus(new Reading(1_796_630_400_000L, (short) 150, (short) 95), RULES);
        byte[] current = PatientDayCodec.bytes(day);
        byte[] versionOne = Arrays.copyOf(current, current.length - 12); // without the latest time and the chunks
        versionOne[0] = 1;

        DaySums read = PatientDayCodec.day(versionOne);
        assertThat(read.latestMillis()).as("every reading of it is looked for").isEqualTo(Long.MAX_VALUE);
        assertThat(read.chunks()).isZero();
        assertThat(read.withLatest(day.latestMillis())).isEqualTo(day);
    }
}
