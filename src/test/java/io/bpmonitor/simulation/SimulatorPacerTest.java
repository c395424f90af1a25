package io.bpmonitor.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SimulatorPacerTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void producesTheRateWhateverTheTickPeriod() {
        SimulatorPacer pacer = new SimulatorPacer(50, nanos::get);
        int total = pacer.due();
        for (int tick = 0; tick < 100; tick++) {
            nanos.addAndGet(37_000_000L); // an irregular 37 ms tick
            total += pacer.due();
        }
        // 3.7 s at 50/s
        assertThat(total).isEqualTo(185);
    }

    @Test
    void catchesUpAtMostOneSecondAfterAStall() {
        SimulatorPacer pacer = new SimulatorPacer(100, nanos::get);
        pacer.due();
        nanos.addAndGet(10_000_000_000L);

        assertThat(pacer.due()).isEqualTo(100);
        nanos.addAndGet(100_000_000L);
        assertThat(pacer.due()).isEqualTo(10);
    }

    @Test
    void refusesANonPositiveRate() {
        assertThatThrownBy(() -> new SimulatorPacer(0, nanos::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
