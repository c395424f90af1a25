package io.bpmonitor.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import ca.uhn.fhir.context.FhirContext;
import io.bpmonitor.simulation.ObservationJson;
import io.bpmonitor.simulation.PatientCohort;
import io.bpmonitor.simulation.ReadingGenerator;
import io.bpmonitor.simulation.SimulatedReading;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A seeded set of Observations and, computed independently of the detector, which of them are anomalies. */
public final class KnownReadings {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    /** One reading as sent, with the values the test expects to find in Elasticsearch. */
    public record Sent(String id, String patientId, int systolic, int diastolic, byte[] json) {
        public boolean isAnomaly() {
            return systolic > 140 || diastolic > 90;
        }

        public ProducerRecord<String, byte[]> record(String topic) {
            return new ProducerRecord<>(topic, patientId, json);
        }

        /** The same reading under the id a server gave it (the FHIR endpoint assigns its own). */
        public Sent withId(String assigned) {
            return new Sent(assigned, patientId, systolic, diastolic, json);
        }
    }

    /** The id in a FHIR location: {@code <base>/Observation/<id>/_history/1}, or {@code Observation/<id>}. */
    public static String idOf(String location) {
        String path = location.replaceFirst("/_history/[^/]+$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** A blood-pressure Observation as the test expects to find it indexed: by its own id and values. */
    public static Sent read(byte[] json) {
        org.hl7.fhir.r4.model.Observation observation = FHIR.newJsonParser()
                .parseResource(org.hl7.fhir.r4.model.Observation.class, new String(json, java.nio.charset.StandardCharsets.UTF_8));
        return new Sent(observation.getIdElement().getIdPart(),
                observation.getSubject().getReferenceElement().getIdPart(),
                observation.getComponent().get(0).getValueQuantity().getValue().intValue(),
                observation.getComponent().get(1).getValueQuantity().getValue().intValue(), json);
    }

    private KnownReadings() {
    }

    public static List<Sent> generate(int count, long seed) {
        Supplier<Sent> source = source(seed, null);
        List<Sent> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            readings.add(source.get());
        }
        return readings;
    }

    /**
     * The same readings one at a time, for streams too long to keep: with {@code idPrefix}, the n-th reading's id is
     * {@code idPrefix + n}, so an id tells which reading it was.
     */
    public static Supplier<Sent> source(long seed, String idPrefix) {
        Random random = new Random(seed);
        Clock clock = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.ofHours(1));
        ReadingGenerator generator = new ReadingGenerator(PatientCohort.generate(30, random), random, clock);
        long[] next = {0};
        return () -> {
            SimulatedReading generated = generator.next();
            SimulatedReading reading = idPrefix == null ? generated : new SimulatedReading(idPrefix + next[0]++,
                    generated.patientId(), generated.deviceId(), generated.takenAt(), generated.systolic(),
                    generated.diastolic());
            return new Sent(reading.id(), reading.patientId(), reading.systolic(), reading.diastolic(),
                    ObservationJson.bytes(reading));
        };
    }

    public static List<ProducerRecord<String, byte[]>> records(String topic, List<Sent> readings) {
        return readings.stream().map(reading -> reading.record(topic)).toList();
    }
}
