package io.bpmonitor.bench;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.bpmonitor.config.Setting;
import io.bpmonitor.detector.AnomalyDocumentMapper;
import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.rules.HypertensionClassifier;
import io.bpmonitor.simulation.ObservationJson;
import io.bpmonitor.simulation.PatientCohort;
import io.bpmonitor.simulation.ReadingGenerator;
import io.bpmonitor.simulation.SimulatedReading;

/**
 * A backfill-shaped stream: the readings of {@value #PATIENTS} patients whose effective times are 1 s apart, so a
 * million of them span 11½ days, all arriving at once as after a gateway's outage. Each is the Observation as gateways
 * send it ({@link ObservationJson}: {@code meta.profile}, category, code and component {@code display} texts,
 * quantities in {@code mm[Hg]}, an effective time with the ward's zone offset; no device, which the
 * {@link PlainConsumer} would not read, so both kinds of consumer index the same documents). Generated and preloaded a
 * chunk at a time, so the stream is never held whole.
 */
final class BackfillCorpus {

    static final int PATIENTS = 500;
    /** Readings generated and held at once. */
    private static final int CHUNK = 200_000;
    /** The ward's local time, as a gateway writes it: an offset other than UTC's. */
    private static final ZoneOffset WARD_OFFSET = ZoneOffset.ofHours(1);
    private static final int CRISIS_SYSTOLIC = Integer.parseInt(Setting.BP_ALERT_CRISIS_SYSTOLIC.defaultValue());
    private static final int CRISIS_DIASTOLIC = Integer.parseInt(Setting.BP_ALERT_CRISIS_DIASTOLIC.defaultValue());

    /** What was preloaded: the figures a drain is checked against, and the stream's shape for the report. */
    record Stream(long readings, long anomalies, long crises, long bytes) {
    }

    private BackfillCorpus() {
    }

    /** Preloads {@code count} readings into {@code topic}, keyed by patient; the last one taken a second ago. */
    static Stream preload(KafkaBench kafka, String topic, int count, long seed) throws Exception {
        Random random = new Random(seed);
        // the generator draws the patients and values; the effective times are the stream's own
        ReadingGenerator generator = new ReadingGenerator(PatientCohort.generate(PATIENTS, random), random,
                Clock.systemUTC());
        AnomalyDocumentMapper mapper = new AnomalyDocumentMapper(new HypertensionClassifier(), Clock.systemUTC());
        OffsetDateTime first = OffsetDateTime.now(WARD_OFFSET).truncatedTo(ChronoUnit.SECONDS).minusSeconds(count);
        long anomalies = 0;
        long crises = 0;
        long bytes = 0;
        for (int start = 0; start < count; start += CHUNK) {
            List<ReadingCorpus.Reading> chunk = new ArrayList<>(Math.min(CHUNK, count - start));
            for (int i = start; i < start + CHUNK && i < count; i++) {
                SimulatedReading drawn = generator.next();
                SimulatedReading reading = new SimulatedReading(drawn.id(), drawn.patientId(), null,
                        first.plusSeconds(i), drawn.systolic(), drawn.diastolic());
                byte[] json = ObservationJson.bytes(reading);
                boolean anomaly = ReadingCorpus.isAnomaly(reading.systolic(), reading.diastolic());
                chunk.add(new ReadingCorpus.Reading(reading.id(), reading.patientId(), json,
                        anomaly ? mapper.toDocument(new BloodPressureReading(reading.id(), reading.patientId(), null,
                                reading.takenAt().toInstant(), reading.systolic(), reading.diastolic())) : null));
                anomalies += anomaly ? 1 : 0;
                crises += reading.systolic() >= CRISIS_SYSTOLIC || reading.diastolic() >= CRISIS_DIASTOLIC ? 1 : 0;
                bytes += json.length;
            }
            kafka.preload(topic, chunk);
        }
        return new Stream(count, anomalies, crises, bytes);
    }
}
