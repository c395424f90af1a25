package io.bpmonitor.simulation;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.Observation;

/** The bean behind the simulator route: at each tick, the Observations due at the configured rate. */
public class PatientSimulator {

    private final ReadingGenerator generator;
    private final SimulatorPacer pacer;

    public PatientSimulator(ReadingGenerator generator, SimulatorPacer pacer) {
        this.generator = generator;
        this.pacer = pacer;
    }

    public List<Observation> nextTick() {
        int due = pacer.due();
        List<Observation> readings = new ArrayList<>(due);
        for (int i = 0; i < due; i++) {
            readings.add(generator.next());
        }
        return readings;
    }

    /** The Kafka key: readings of one patient stay on one partition, in order. */
    public static String patientKey(Observation observation) {
        return observation.getSubject().getReferenceElement().getIdPart();
    }
}
