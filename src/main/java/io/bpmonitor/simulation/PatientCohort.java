package io.bpmonitor.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A fixed set of simulated patients, drawn once from the profiles' distributions. */
public final class PatientCohort {

    private final List<SimulatedPatient> patients;

    private PatientCohort(List<SimulatedPatient> patients) {
        this.patients = List.copyOf(patients);
    }

    public static PatientCohort generate(int size, Random random) {
        if (size < 1) {
            throw new IllegalArgumentException("a cohort needs at least one patient, got " + size);
        }
        List<SimulatedPatient> patients = new ArrayList<>(size);
        for (int i = 1; i <= size; i++) {
            BloodPressureProfile profile = BloodPressureProfile.pick(random.nextInt(100));
            String number = String.format("%04d", i);
            patients.add(new SimulatedPatient("p-" + number, "cuff-" + number, profile,
                    profile.systolicMean + random.nextGaussian() * profile.systolicSpread,
                    profile.diastolicMean + random.nextGaussian() * profile.diastolicSpread));
        }
        return new PatientCohort(patients);
    }

    public List<SimulatedPatient> patients() {
        return patients;
    }

    public SimulatedPatient pick(Random random) {
        return patients.get(random.nextInt(patients.size()));
    }
}
