package io.bpmonitor.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ReplaySelectionTest {

    private static final String PLAUSIBLE = "systolic 420 mmHg outside the plausible range 30-300";

    @Test
    void theReasonIsTextItContainsIgnoringCase() {
        ReplaySelection selection = new ReplaySelection("Outside the PLAUSIBLE range", 0, Long.MAX_VALUE, null, null);
        assertThat(selection.selects(PLAUSIBLE, 7, null)).isTrue();
        assertThat(selection.selects("effective time has no time of day", 7, null)).isFalse();
        assertThat(selection.selects(null, 7, null)).isFalse();
        assertThat(new ReplaySelection("", 0, Long.MAX_VALUE, null, null).selects(null, 7, null))
                .as("no reason given: every reason").isTrue();
    }

    @Test
    void offsetsAreAnInclusiveRange() {
        ReplaySelection selection = new ReplaySelection("", 10, 20, null, null);
        assertThat(selection.selects(PLAUSIBLE, 9, null)).isFalse();
        assertThat(selection.selects(PLAUSIBLE, 10, null)).isTrue();
        assertThat(selection.selects(PLAUSIBLE, 20, null)).isTrue();
        assertThat(selection.selects(PLAUSIBLE, 21, null)).isFalse();
    }

    @Test
    void theTimeRangeIsOnWhenTheRecordWasRefusedFromInclusiveToExclusive() {
        ReplaySelection selection = new ReplaySelection("plausible", 0, Long.MAX_VALUE,
                Instant.parse("2026-11-29T10:00:00Z"), Instant.parse("2026-11-29T11:00:00Z"));
        assertThat(selection.selects(PLAUSIBLE, 0, "2026-11-29T09:59:59.999Z")).isFalse();
        assertThat(selection.selects(PLAUSIBLE, 0, "2026-11-29T10:00:00Z")).isTrue();
        assertThat(selection.selects(PLAUSIBLE, 0, "2026-11-29T10:59:59Z")).isTrue();
        assertThat(selection.selects(PLAUSIBLE, 0, "2026-11-29T11:00:00Z")).isFalse();
        assertThat(selection.selects(PLAUSIBLE, 0, null)).as("no refusal time: outside any range").isFalse();
        assertThat(selection.selects(PLAUSIBLE, 0, "yesterday")).isFalse();
        assertThat(selection.selects("not an Observation", 0, "2026-11-29T10:30:00Z")).isFalse();
    }

    @Test
    void itDescribesItselfWithTheSettingsOnly() {
        assertThat(new ReplaySelection("Plausible", 3, 9, Instant.parse("2026-11-29T10:00:00Z"), null).describe())
                .isEqualTo("reason contains 'plausible', offsets 3-9, refused from 2026-11-29T10:00:00Z");
        assertThat(new ReplaySelection("", 0, Long.MAX_VALUE, null, null).describe()).isEqualTo("every reason");
    }
}
