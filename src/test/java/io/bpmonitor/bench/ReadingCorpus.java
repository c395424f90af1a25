package io.bpmonitor.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.bpmonitor.config.Setting;
import io.bpmonitor.detector.AnomalyDocument;
import io.bpmonitor.detector.AnomalyDocumentMapper;
import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.fhir.ReadingExtractor;
import io.bpmonitor.rules.HypertensionClassifier;
import io.bpmonitor.simulation.ObservationJson;
import io.bpmonitor.simulation.PatientCohort;
import io.bpmonitor.simulation.ReadingGenerator;
import io.bpmonitor.simulation.SimulatedReading;

/** Pre-serialised readings for the benchmark, so producing them costs nothing during a measurement. */
final class ReadingCorpus {

    /** The patients of the crisis readings mixed in ({@link #generate(int, long, boolean, int)}), one reading each. */
    private static final String CRISIS_PATIENT_PREFIX = "crisis-";
    private static final int SYSTOLIC_THRESHOLD = Integer.parseInt(Setting.BP_SYSTOLIC_THRESHOLD.defaultValue());
    private static final int DIASTOLIC_THRESHOLD = Integer.parseInt(Setting.BP_DIASTOLIC_THRESHOLD.defaultValue());

    record Reading(String id, String patientId, byte[] json, AnomalyDocument anomaly) {
        boolean isAnomaly() {
            return anomaly != null;
        }

        /** A crisis reading of a patient of its own: it opens a crisis alert of its own. */
        boolean opensCrisis() {
            return patientId.startsWith(CRISIS_PATIENT_PREFIX);
        }
    }

    private ReadingCorpus() {
    }

    /**
     * @param anomaliesOnly keep drawing until {@code count} anomalies were found (the "every reading an anomaly" run)
     */
    static List<Reading> generate(int count, long seed, boolean anomaliesOnly) {
        return generate(count, seed, anomaliesOnly, 0);
    }

    /**
     * @param crisisEvery every {@code crisisEvery}-th reading is a crisis reading (systolic 185-224 mmHg) of a patient
     *                    of its own, so each opens a crisis alert; 0 for none
     */
    static List<Reading> generate(int count, long seed, boolean anomaliesOnly, int crisisEvery) {
        Random random = new Random(seed);
        ReadingGenerator generator = new ReadingGenerator(PatientCohort.generate(200, random), random,
                Clock.systemDefaultZone());
        IParser parser = FhirContext.forR4Cached().newJsonParser();
        ReadingExtractor extractor = new ReadingExtractor();
        AnomalyDocumentMapper mapper = new AnomalyDocumentMapper(new HypertensionClassifier(), Clock.systemUTC());
        List<Reading> readings = new ArrayList<>(count);
        while (readings.size() < count) {
            SimulatedReading simulated = crisisEvery > 0 && (readings.size() + 1) % crisisEvery == 0
                    ? new SimulatedReading(new UUID(random.nextLong(), random.nextLong()).toString(),
                            CRISIS_PATIENT_PREFIX + seed + "-" + readings.size(), "cuff-crisis", OffsetDateTime.now(),
                            185 + random.nextInt(40), 100 + random.nextInt(25))
                    : generator.next();
            byte[] json = ObservationJson.bytes(simulated);
            BloodPressureReading reading = extractor.extract(parser.parseResource(new String(json, StandardCharsets.UTF_8)));
            boolean anomaly = isAnomaly(reading.systolic(), reading.diastolic());
            if (anomaliesOnly && !anomaly) {
                continue;
            }
            readings.add(new Reading(reading.observationId(), simulated.patientId(), json,
                    anomaly ? mapper.toDocument(reading) : null));
        }
        return readings;
    }

    /** The detector's anomaly rule (routes/detector.yaml) at its shipped thresholds. */
    static boolean isAnomaly(int systolic, int diastolic) {
        return systolic > SYSTOLIC_THRESHOLD || diastolic > DIASTOLIC_THRESHOLD;
    }

    static long anomalies(List<Reading> readings) {
        return readings.stream().filter(Reading::isAnomaly).count();
    }
}
