package io.bpmonitor.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.bpmonitor.detection.BloodPressureReading;
import io.bpmonitor.detection.ReadingExtractor;
import io.bpmonitor.indexing.AnomalyDocument;
import io.bpmonitor.indexing.AnomalyDocumentMapper;
import io.bpmonitor.detection.HypertensionClassifier;
import io.bpmonitor.simulation.PatientCohort;
import io.bpmonitor.simulation.ObservationJson;
import io.bpmonitor.simulation.SimulatedReading;
import io.bpmonitor.simulation.ReadingGenerator;
import org.hl7.fhir.r4.model.Observation;

/** Pre-serialised readings for the benchmark, so producing them costs nothing during a measurement. */
final class ReadingCorpus {

    record Reading(String id, String patientId, byte[] json, AnomalyDocument anomaly) {
        boolean isAnomaly() {
            return anomaly != null;
        }
    }

    private ReadingCorpus() {
    }

    /**
     * @param anomaliesOnly keep drawing until {@code count} anomalies were found (the "every reading an anomaly" run)
     */
    static List<Reading> generate(int count, long seed, boolean anomaliesOnly) {
        Random random = new Random(seed);
        ReadingGenerator generator = new ReadingGenerator(PatientCohort.generate(200, random), random,
                Clock.systemDefaultZone());
        IParser parser = FhirContext.forR4Cached().newJsonParser();
        ReadingExtractor extractor = new ReadingExtractor();
        AnomalyDocumentMapper mapper = new AnomalyDocumentMapper(new HypertensionClassifier(), Clock.systemUTC());
        List<Reading> readings = new ArrayList<>(count);
        while (readings.size() < count) {
            SimulatedReading simulated = generator.next();
            byte[] json = ObservationJson.bytes(simulated);
            BloodPressureReading reading = extractor.extract(parser.parseResource(new String(json, StandardCharsets.UTF_8)));
            boolean anomaly = reading.systolic() > 140 || reading.diastolic() > 90;
            if (anomaliesOnly && !anomaly) {
                continue;
            }
            readings.add(new Reading(reading.observationId(), simulated.patientId(), json,
                    anomaly ? mapper.toDocument(reading) : null));
        }
        return readings;
    }

    static long anomalies(List<Reading> readings) {
        return readings.stream().filter(Reading::isAnomaly).count();
    }
}
