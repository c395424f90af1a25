package io.bpmonitor.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class UtcInstantsTest {

    private static final long YEAR_1600 = Instant.parse("1600-01-01T00:00:00Z").toEpochMilli();
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli();

    @Test
    void writesWhatInstantWritesAndReadsItBack() {
        SplittableRandom random = new SplittableRandom(20261207);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochMilli(random.nextLong(YEAR_1600 - 86_400_000L, YEAR_10000 + 86_400_000L));
            if (i % 3 == 0) {
                instant = Instant.ofEpochSecond(instant.getEpochSecond()); // whole seconds: no fraction written
            }
            String text = UtcInstants.format(instant);
            assertThat(text).isEqualTo(instant.toString());
            assertThat(UtcInstants.parse(text)).isEqualTo(instant);
        }
    }

    @Test
    void theCalendarsEdgesAndFinerFractions() {
        for (String text : new String[] {"1600-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
                "2000-02-29T12:00:00.100Z", "2100-02-28T23:59:59.010Z", "2024-12-31T23:59:59.001Z",
                "9999-12-31T23:59:59.999Z", "2026-12-07T10:00:00.123456Z", "2026-12-07T10:00:00.123456789Z",
                "1599-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"}) {
            Instant instant = Instant.parse(text);
            assertThat(UtcInstants.format(instant)).as(text).isEqualTo(text);
            assertThat(UtcInstants.parse(text)).as(text).isEqualTo(instant);
        }
        assertThat(UtcInstants.parse("2026-12-07T10:00:00.1Z")).isEqualTo(Instant.parse("2026-12-07T10:00:00.100Z"));
    }

    @Test
    void whatIsNotAnInstantIsRefusedLikeInstantRefusesIt() {
        for (String text : new String[] {"", "2026-12-07", "2026-02-30T10:00:00Z", "2026-12-07T10:00:00+01:00x",
                "2026-13-07T10:00:00Z", "2026-12-07T10:00:00"}) {
            assertThatThrownBy(() -> UtcInstants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
