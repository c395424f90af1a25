package io.bpmonitor.simulation;

import java.util.ArrayList;
import java.util.List;

/** A steady stream at a fixed rate, every reading taken now: the load for measuring throughput. */
public final class PacedStream implements ReadingSource {

    private final ReadingGenerator generator;
    private final SimulatorPacer pacer;

    public PacedStream(ReadingGenerator generator, SimulatorPacer pacer) {
        this.generator = generator;
        this.pacer = pacer;
    }

    @Override
    public List<SimulatedReading> due() {
        int due = pacer.due();
        List<SimulatedReading> readings = new ArrayList<>(due);
        for (int i = 0; i < due; i++) {
            readings.add(generator.next());
        }
        return readings;
    }
}
