package io.bpmonitor.simulation;

import java.util.List;

/** What the simulator sends at a tick: the readings due by then, each patient's in the order taken. */
public interface ReadingSource {

    List<SimulatedReading> due();
}
