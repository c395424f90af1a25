package io.bpmonitor.detector;

import java.time.Clock;

import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.fhir.UtcInstants;
import io.bpmonitor.rules.Classification;
import io.bpmonitor.rules.HypertensionClassifier;

/** Turns a kept reading into its {@code bp_anomalies} document: the reading, its classification, and when it was indexed. */
public class AnomalyDocumentMapper {

    private final HypertensionClassifier classifier;
    private final Clock clock;

    public AnomalyDocumentMapper(HypertensionClassifier classifier, Clock clock) {
        this.classifier = classifier;
        this.clock = clock;
    }

    public AnomalyDocument toDocument(BloodPressureReading reading) {
        Classification classification = classifier.classify(reading);
        return new AnomalyDocument(
                UtcInstants.format(reading.effectiveAt()),
                reading.observationId(),
                reading.patientId(),
                reading.deviceId(),
                reading.systolicOrNull(),
                reading.diastolicOrNull(),
                classification.meanArterialPressure(),
                classification.type().code(),
                classification.grade().code(),
                classification.severity(),
                UtcInstants.format(clock.instant()));
    }
}
