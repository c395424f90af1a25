package io.bpmonitor.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import ca.uhn.fhir.context.FhirContext;
import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.fhir.HapiObservationReader;
import io.bpmonitor.fhir.ObservationReader;
import io.bpmonitor.fhir.ReadingExtractor;
import io.bpmonitor.fhir.RealWorldObservations;
import io.bpmonitor.testing.KnownReadings;

/**
 * What reading one Observation costs, per reader, on one thread after JIT warm-up: HAPI's strict {@code IParser}
 * plus {@link ReadingExtractor} (today's route), the HL7 core {@code org.hl7.fhir.r4.formats.JsonParser} plus the
 * extractor, and {@link ObservationReader} (streaming, HAPI as fallback). Corpora: the simulator's Observations and
 * three real-world shapes ({@link RealWorldObservations}). Each round reads the whole corpus once per reader, the
 * readers taking turns, so a noisy neighbour on the machine hits all of them; the figures are the median and the
 * range over the rounds. Also prints the bytes each reader allocates per reading.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dmain.class=io.bpmonitor.bench.ReaderBenchmark
 *
 * ./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/cp.txt) io.bpmonitor.bench.ReaderBenchmark
 * </pre>
 * ({@code -Dmain.class}, not {@code -Dexec.mainClass}: the pom pins exec's main class to {@code ${main.class}}, so
 * {@code -Dexec.mainClass} would start the application instead.) The plain {@code java} form keeps Maven's own
 * threads out of the measurement.
 * Options: {@code -Dreader.count} Observations per corpus (2000), {@code -Dreader.rounds} (7),
 * {@code -Dreader.warmup.seconds} per reader and corpus (4), {@code -Dreader.only} one reader by name.
 */
public final class ReaderBenchmark {

    private static volatile long sink;

    private record Reader(String name, Function<byte[], BloodPressureReading> read) {
    }

    private ReaderBenchmark() {
    }

    public static void main(String[] args) {
        int count = Integer.getInteger("reader.count", 2_000);
        int rounds = Integer.getInteger("reader.rounds", 7);
        long warmupNanos = Long.getLong("reader.warmup.seconds", 4) * 1_000_000_000L;
        String only = System.getProperty("reader.only");

        FhirContext r4 = FhirContext.forR4Cached();
        HapiObservationReader hapi = new HapiObservationReader(r4);
        ReadingExtractor extractor = new ReadingExtractor();
        ObservationReader streaming = new ObservationReader(r4);
        List<Reader> readers = new ArrayList<>(List.of(
                new Reader("HAPI IParser (strict) + extract", hapi::read),
                new Reader("HL7 core r4.formats.JsonParser + extract", json -> extractor.extract(core(json))),
                new Reader("ObservationReader (streaming)", streaming::read)));
        if (only != null) {
            readers.removeIf(reader -> !reader.name().toLowerCase(Locale.ROOT).contains(only.toLowerCase(Locale.ROOT)));
        }

        Map<String, List<byte[]>> corpora = new LinkedHashMap<>();
        corpora.put("(a) simulator", KnownReadings.generate(count, 31).stream().map(KnownReadings.Sent::json).toList());
        corpora.put("(b) real-world, all extras, narrative with markup", RealWorldObservations.generateFull(count, 32));
        corpora.put("(c) real-world, all extras, plain-text narrative",
                RealWorldObservations.generateFull(count, 33, false));
        corpora.put("(d) real-world, random mix of extras", RealWorldObservations.generate(count, 34));

        System.out.printf("%s, %d cores, %s %s; %d Observations per corpus, %d rounds%n", System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), count, rounds);
        for (Map.Entry<String, List<byte[]>> corpus : corpora.entrySet()) {
            List<byte[]> observations = corpus.getValue();
            System.out.printf("%n%s: %d Observations, %.0f bytes on average%n", corpus.getKey(), observations.size(),
                    observations.stream().mapToInt(json -> json.length).average().orElse(0));
            for (Reader reader : readers) {
                checkAgainstHapi(reader, hapi, observations);
                long until = System.nanoTime() + warmupNanos;
                while (System.nanoTime() < until) {
                    pass(reader, observations);
                }
            }
            long handedToHapi = streaming.handedToHapiCount();
            double[][] nanos = new double[readers.size()][rounds];
            long[] allocated = new long[readers.size()];
            for (int round = 0; round < rounds; round++) {
                for (int r = 0; r < readers.size(); r++) {
                    long bytesBefore = allocatedBytes();
                    long start = System.nanoTime();
                    pass(readers.get(r), observations);
                    nanos[r][round] = (System.nanoTime() - start) / (double) observations.size();
                    allocated[r] += allocatedBytes() - bytesBefore;
                }
            }
            System.out.printf("  %-42s %12s %19s %16s %14s%n", "reader", "ns/reading", "(min - max)",
                    "readings/s/core", "bytes/reading");
            for (int r = 0; r < readers.size(); r++) {
                double[] sorted = nanos[r].clone();
                Arrays.sort(sorted);
                double median = sorted[sorted.length / 2];
                System.out.printf("  %-42s %,12.0f %,9.0f - %,7.0f %,16.0f %,14d%n", readers.get(r).name(), median,
                        sorted[0], sorted[sorted.length - 1], 1e9 / median,
                        allocated[r] / ((long) rounds * observations.size()));
            }
            System.out.printf("  ObservationReader handed %d of the measured readings to HAPI%n",
                    streaming.handedToHapiCount() - handedToHapi);
        }
    }

    private static void pass(Reader reader, List<byte[]> observations) {
        long sum = 0;
        for (byte[] json : observations) {
            sum += reader.read().apply(json).systolic();
        }
        sink += sum;
    }

    /** The candidate must give HAPI's readings before its time counts. */
    private static void checkAgainstHapi(Reader reader, HapiObservationReader hapi, List<byte[]> observations) {
        for (byte[] json : observations) {
            BloodPressureReading expected = hapi.read(json);
            BloodPressureReading actual = reader.read().apply(json);
            if (!expected.equals(actual)) {
                throw new IllegalStateException(reader.name() + " read " + actual + ", HAPI " + expected);
            }
        }
    }

    /** The HL7 core parser: strict by default (unknown content is an error); one parser per message, as HAPI's. */
    private static Object core(byte[] json) {
        try {
            return new org.hl7.fhir.r4.formats.JsonParser().parse(new ByteArrayInputStream(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
