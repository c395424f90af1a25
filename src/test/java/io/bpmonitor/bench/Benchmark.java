package io.bpmonitor.bench;

import static io.bpmonitor.config.Setting.BP_ALERTS_ENABLED;
import static io.bpmonitor.config.Setting.BP_ALERT_APPLICATION_ID;
import static io.bpmonitor.config.Setting.BP_ALERT_INDEX;
import static io.bpmonitor.config.Setting.BP_ALERT_PROJECTION_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_ALERT_STATE_DIR;
import static io.bpmonitor.config.Setting.BP_ALERT_TOPIC;
import static io.bpmonitor.config.Setting.BP_BOARD_PORT;
import static io.bpmonitor.config.Setting.BP_DETECTOR_CONSUMERS;
import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_HL7_PORT;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_INGEST_TOKENS;
import static io.bpmonitor.config.Setting.BP_MANAGEMENT_PORT;
import static io.bpmonitor.config.Setting.BP_PROGRESS_INTERVAL_MS;
import static io.bpmonitor.config.Setting.BP_READINGS_TOPIC;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_PATIENTS;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_MODE;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_RATE;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_SEED;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_URL;
import static io.bpmonitor.config.Setting.KAFKA_BROKERS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bpmonitor.config.Setting;
import io.bpmonitor.detector.AnomalyDocument;
import io.bpmonitor.localstack.FreePorts;
import io.bpmonitor.localstack.LocalStack;
import io.bpmonitor.localstack.LocalStackSettings;
import io.bpmonitor.simulation.ObservationJson;
import io.bpmonitor.simulation.PatientCohort;
import io.bpmonitor.simulation.ReadingGenerator;
import io.bpmonitor.testing.EsHttp;
import io.bpmonitor.testing.Poll;

/**
 * The benchmark harness (docs/benchmark.md): on a fresh local stack, side by side in one run, measures the detector's
 * sustained throughput (and against the seed's design), its scaling over threads and processes, its indexing rate
 * against a plain {@code _bulk} ceiling, end-to-end latency at a steady rate, the latency and cost of the alerts, its
 * memory and GC under a small heap, and the simulator's rate; prints the figures and writes
 * {@code target/benchmark/report.{md,json}}.
 *
 * <p>Sizes: {@code -Dbench.readings} (200000), {@code -Dbench.alerts.readings} (1200000), {@code -Dbench.rate} (2000),
 * {@code -Dbench.seconds} (60), {@code -Dbench.heap} (256m), {@code -Dbench.backfill.readings} (1000000).
 * {@code -Dbench.stages=soak} runs the {@link Soak} instead.
 */
public final class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final String MIXED_TOPIC = "bench-mixed";
    /** The alerts' cost is measured on a longer stream of the mixed kind: a drain's steady window lasts seconds. */
    private static final String ALERTS_MIXED_TOPIC = "bench-alerts-mixed";
    /** Readings generated (and held) at once: a long corpus is preloaded chunk by chunk. */
    private static final int CORPUS_CHUNK = 200_000;
    /** The latency stages' warm-up: the steady state is measured, not the cold JVM. */
    private static final int LATENCY_WARM_UP = 60_000;
    /** In the alerts stage, every 100th reading is a crisis reading of a patient of its own. */
    private static final int CRISIS_EVERY = 100;
    private static final String BACKFILL_TOPIC = "bench-backfill";
    private static final String BACKFILL_PLAIN = "plain";
    private static final String BACKFILL_ALERTS_OFF = "alerts_off";
    private static final String BACKFILL_ALERTS_ON = "alerts_on";
    /** Alerts off, and {@link EngineFloor} beside the detector: the least an engine of Kafka Streams costs. */
    private static final String BACKFILL_ENGINE_FLOOR = "alerts_off_engine_floor";
    /**
     * The backfill stage's drains, after one plain drain that is not counted: each side early and late, so a drift of
     * the machine during the stage weighs on every side.
     */
    private static final List<String> BACKFILL_DRAINS = List.of(BACKFILL_PLAIN, BACKFILL_ALERTS_OFF, BACKFILL_ALERTS_ON,
            BACKFILL_ENGINE_FLOOR, BACKFILL_ENGINE_FLOOR, BACKFILL_ALERTS_ON, BACKFILL_ALERTS_OFF, BACKFILL_PLAIN);

    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final Path workDir;
    private List<ReadingCorpus.Reading> mixed;

    private Benchmark(Path workDir) {
        this.workDir = workDir;
    }

    public static void main(String[] args) throws Exception {
        if ("soak".equals(System.getProperty("bench.stages"))) {
            // a run of its own, on a stack of its own: docs/benchmark.md#soak
            Soak.main(args);
            return;
        }
        int readings = Integer.getInteger("bench.readings", 200_000);
        int rate = Integer.getInteger("bench.rate", 2_000);
        int seconds = Integer.getInteger("bench.seconds", 60);
        String heap = System.getProperty("bench.heap", "256m");
        Path workDir = Path.of("target", "benchmark").toAbsolutePath();
        Files.createDirectories(workDir);
        Benchmark benchmark = new Benchmark(workDir);
        benchmark.figures.put("machine", machine());
        benchmark.figures.put("started_at", Instant.now().toString());
        // -Dbench.stages=throughput,seed,scaling,ceiling,floor,latency,alerts,backfill,ingest,hl7,simulator (all by
        // default): a part of the run, when tuning; alert-latency and alert-cost are the two halves of alerts
        List<String> stages = List.of(System.getProperty("bench.stages",
                "throughput,seed,scaling,ceiling,floor,latency,alerts,backfill,ingest,hl7,simulator").split(","));
        benchmark.simulatorGeneration();
        Path stackDir = Files.createTempDirectory("bp-bench-stack");
        stackDir.toFile().setReadable(true, false);
        stackDir.toFile().setExecutable(true, false);
        LocalStackSettings defaults = LocalStackSettings.fromEnvironment(System.getenv());
        LocalStackSettings settings = new LocalStackSettings(stackDir, 0, 0, 2, 0, 0,
                System.getProperty("bench.es.heap", "1g"), defaults.elasticsearchJavaHome(),
                defaults.elasticsearchDistribution(), Duration.ofSeconds(180));
        try (LocalStack stack = LocalStack.start(settings, true, true);
             KafkaBench kafka = new KafkaBench(stack.kafkaBootstrapServers().orElseThrow())) {
            String brokers = stack.kafkaBootstrapServers().orElseThrow();
            String elasticsearch = stack.elasticsearchUrl().orElseThrow();
            if (stages.contains("throughput")) {
                benchmark.sustainedThroughput(kafka, brokers, elasticsearch, readings, heap);
            }
            if (stages.contains("seed")) {
                benchmark.seedStyle(kafka, brokers, elasticsearch, Integer.getInteger("bench.seed.readings", 20_000));
            }
            if (stages.contains("scaling")) {
                benchmark.scaling(kafka, brokers, elasticsearch, readings / 2, heap);
            }
            if (stages.contains("ceiling")) {
                benchmark.indexingAgainstCeiling(kafka, brokers, elasticsearch, readings / 2, heap);
            }
            if (stages.contains("floor")) {
                benchmark.bareFloor(kafka, brokers, elasticsearch, readings);
            }
            if (stages.contains("latency")) {
                benchmark.latency(kafka, brokers, elasticsearch, rate, seconds, heap, stages);
            }
            if (stages.contains("alerts") || stages.contains("alert-latency")) {
                benchmark.alertLatency(kafka, brokers, elasticsearch, rate, seconds, heap);
            }
            if (stages.contains("alerts") || stages.contains("alert-cost")) {
                benchmark.alertThroughput(kafka, brokers, elasticsearch,
                        Integer.getInteger("bench.alerts.readings", 1_200_000), heap);
            }
            if (stages.contains("backfill")) {
                benchmark.backfill(kafka, brokers, elasticsearch,
                        Integer.getInteger("bench.backfill.readings", 1_000_000), heap);
            }
            if (stages.contains("ingest")) {
                benchmark.ingest(kafka, brokers, Integer.getInteger("bench.ingest.seconds", 20));
            }
            if (stages.contains("hl7")) {
                benchmark.hl7(kafka, brokers, Integer.getInteger("bench.hl7.seconds", 20));
            }
            if (stages.contains("simulator")) {
                benchmark.simulator(kafka, brokers, Integer.getInteger("bench.simulator.seconds", 20));
            }
        }
        benchmark.write();
    }

    /** The simulator's generation rate: building and serialising Observations as fast as one thread can. */
    private void simulatorGeneration() {
        Random random = new Random(1);
        ReadingGenerator generator = new ReadingGenerator(PatientCohort.generate(200, random), random,
                Clock.systemDefaultZone());
        for (int i = 0; i < 20_000; i++) {
            ObservationJson.bytes(generator.next());
        }
        long count = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < 5_000_000_000L) {
            ObservationJson.bytes(generator.next());
            count++;
        }
        record("simulator_generation_readings_per_s", count / ((System.nanoTime() - start) / 1e9),
                "simulator: %.0f readings/s generated and serialised to FHIR JSON (one thread)");
    }

    /** Preloads a topic with ~40-50 % anomalies and lets a new detector drain it. */
    private void sustainedThroughput(KafkaBench kafka, String brokers, String elasticsearch, int count, String heap)
            throws Exception {
        List<ReadingCorpus.Reading> corpus = mixedCorpus(kafka, count);
        long anomalies = ReadingCorpus.anomalies(corpus);
        Map<String, Double> run = drain(kafka, brokers, elasticsearch, MIXED_TOPIC, "mixed", corpus.size(), anomalies,
                heap, 2, 1, Map.of());
        record("detector_readings_per_s_from_cold", run.get("readings_per_s_from_cold"),
                "detector (mixed, from a cold JVM): %.0f readings consumed/s");
        record("detector_readings_per_s", run.get("readings_per_s"),
                "detector (mixed, steady, after the first quarter): %.0f readings consumed/s");
        record("detector_mixed_anomalies_per_s", run.get("anomalies_per_s"),
                "detector (mixed): %.0f anomalies indexed/s");
        record("detector_peak_heap_mib", run.get("peak_heap_mib"), "detector peak heap: %.0f MiB");
        record("detector_peak_rss_mib", run.get("peak_rss_mib"), "detector peak resident memory: %.0f MiB");
        record("detector_gc_share", run.get("gc_share"), "detector time in GC pauses: %.3f of the run (-Xmx" + heap + ")");
        figures.put("detector_heap", heap);
    }

    /** The mixed corpus (~40-50 % anomalies), preloaded into {@link #MIXED_TOPIC} once for every stage that drains it. */
    private List<ReadingCorpus.Reading> mixedCorpus(KafkaBench kafka, int count) throws Exception {
        if (mixed == null) {
            mixed = ReadingCorpus.generate(count, 42, false);
            record("mixed_anomaly_share", ReadingCorpus.anomalies(mixed) / (double) count,
                    "mixed corpus: %.2f of readings are anomalies");
            kafka.createTopic(MIXED_TOPIC, 2);
            kafka.preload(MIXED_TOPIC, mixed);
        }
        return mixed;
    }

    /** The seed's design on the same stack and readings: the ratio the detector must reach (35x). */
    private void seedStyle(KafkaBench kafka, String brokers, String elasticsearch, int count) throws Exception {
        List<ReadingCorpus.Reading> corpus = ReadingCorpus.generate(count, 42, false);
        long anomalies = ReadingCorpus.anomalies(corpus);
        kafka.createTopic("bench-seed", 2);
        kafka.preload("bench-seed", corpus);
        EsHttp es = new EsHttp(elasticsearch);
        createIndex(es, "bench_seed");
        long start = System.nanoTime();
        try (SeedStyleConsumer seed = SeedStyleConsumer.start(brokers, "bench-seed", "bench-seed-group", elasticsearch,
                "bench_seed", count, workDir)) {
            Poll.until(Duration.ofMinutes(15), () -> {
                if (!seed.isAlive() && count(es, "bench_seed") < anomalies) {
                    throw new IllegalStateException("the seed-style consumer stopped: see " + workDir.resolve("seed-consumer.log"));
                }
                return count(es, "bench_seed") >= anomalies;
            }, "the seed-style consumer's anomalies");
        }
        double rate = count / ((System.nanoTime() - start) / 1e9);
        record("seed_style_readings_per_s", rate, "seed-style consumer (Python, kafka-python auto-commit, one index request per anomaly): %.0f readings/s");
        if (figures.get("detector_readings_per_s") instanceof Double detector) {
            record("detector_vs_seed_style", detector / rate, "detector steady rate / seed-style rate: %.1fx");
        }
    }

    /** The same readings drained by 1, 2 and 4 consumer threads, and by two detector processes in one group. */
    private void scaling(KafkaBench kafka, String brokers, String elasticsearch, int count, String heap) throws Exception {
        List<ReadingCorpus.Reading> corpus = ReadingCorpus.generate(count, 46, false);
        long anomalies = ReadingCorpus.anomalies(corpus);
        kafka.createTopic("bench-scaling", 4);
        kafka.preload("bench-scaling", corpus);
        int[][] shapes = {{1, 1}, {2, 1}, {4, 1}, {2, 2}};
        for (int[] shape : shapes) {
            String name = "scaling_" + shape[0] + "_threads_" + shape[1] + "_processes";
            Map<String, Double> run = drain(kafka, brokers, elasticsearch, "bench-scaling", name, corpus.size(),
                    anomalies, heap, shape[0], shape[1], Map.of());
            record(name + "_readings_per_s", run.get("readings_per_s"),
                    "detector, " + shape[1] + " process(es) x " + shape[0] + " consumer thread(s): %.0f readings/s");
        }
    }

    /** The simulator route as it runs (BP_ROUTES=simulator) at a rate above the target, counted on the topic. */
    private void simulator(KafkaBench kafka, String brokers, int seconds) throws Exception {
        String topic = "bench-simulator";
        kafka.createTopic(topic, 2);
        Map<String, String> environment = Map.of(KAFKA_BROKERS.name(), brokers, BP_TOPIC.name(), topic,
                BP_ROUTES.name(), "simulator",
                BP_SIMULATOR_MODE.name(), "stream", BP_SIMULATOR_RATE.name(), "80000", BP_SIMULATOR_PATIENTS.name(), "1000", BP_SIMULATOR_SEED.name(), "7",
                BP_BOARD_PORT.name(), String.valueOf(FreePorts.next()),
                BP_MANAGEMENT_PORT.name(), String.valueOf(FreePorts.next()));
        try (ChildApp simulator = ChildApp.start(environment, "512m", workDir.resolve("simulator"))) {
            Poll.until(Duration.ofSeconds(120), () -> kafka.endOffsets(topic) > 0, "the simulator's first readings");
            // past the JIT's warm-up, then a steady window
            long warm = kafka.endOffsets(topic);
            Poll.until(Duration.ofSeconds(120), () -> kafka.endOffsets(topic) >= warm + 200_000, "200,000 readings of warm-up");
            long start = System.nanoTime();
            long first = kafka.endOffsets(topic);
            Thread.sleep(seconds * 1_000L);
            long produced = kafka.endOffsets(topic) - first;
            record("simulator_readings_per_s", produced / ((System.nanoTime() - start) / 1e9),
                    "simulator route (BP_SIMULATOR_RATE=80000, Kafka acks=all): %.0f readings/s on the topic");
        }
    }

    /** The FHIR endpoint (BP_ROUTES=ingest): 32 keep-alive clients posting single Observations, then Bundles of 100. */
    private void ingest(KafkaBench kafka, String brokers, int seconds) throws Exception {
        String topic = "bench-ingest";
        kafka.createTopic(topic, 2);
        int port = FreePorts.next();
        String token = "bench-token";
        Map<String, String> environment = Map.of(KAFKA_BROKERS.name(), brokers, BP_TOPIC.name(), topic,
                BP_ROUTES.name(), "ingest",
                BP_INGEST_TOKENS.name(), token, BP_BOARD_PORT.name(), String.valueOf(port),
                BP_MANAGEMENT_PORT.name(), String.valueOf(FreePorts.next()));
        List<ReadingCorpus.Reading> corpus = ReadingCorpus.generate(10_000, 47, false);
        List<byte[]> singles = corpus.stream().map(ReadingCorpus.Reading::json).toList();
        List<byte[]> bundles = new java.util.ArrayList<>();
        for (int start = 0; start + 100 <= corpus.size(); start += 100) {
            StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[");
            for (int i = start; i < start + 100; i++) {
                bundle.append(i == start ? "" : ",").append("{\"resource\":")
                        .append(new String(singles.get(i), java.nio.charset.StandardCharsets.UTF_8))
                        .append(",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
            }
            bundles.add(bundle.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String base = "http://127.0.0.1:" + port + "/fhir";
        try (ChildApp endpoint = ChildApp.start(environment, "512m", workDir.resolve("ingest"))) {
            Poll.until(Duration.ofSeconds(120), () -> IngestLoad.accepted(base + "/Observation", token, singles.get(0)),
                    "the FHIR endpoint answering");
            IngestLoad.run(base + "/Observation", token, singles, 32, 201, Duration.ofSeconds(10)); // JIT warm-up
            ClosedLoop.Result single = IngestLoad.run(base + "/Observation", token, singles, 32, 201, Duration.ofSeconds(seconds));
            record("ingest_single_posts_per_s", single.perSecond(),
                    "FHIR endpoint, single Observations, 32 keep-alive clients: %.0f POSTs/s");
            record("ingest_single_p50_ms", single.p50Millis(), "  answer p50: %.1f ms");
            record("ingest_single_p99_ms", single.p99Millis(), "  answer p99: %.1f ms");
            IngestLoad.run(base, token, bundles, 32, 200, Duration.ofSeconds(5));
            ClosedLoop.Result bundled = IngestLoad.run(base, token, bundles, 32, 200, Duration.ofSeconds(seconds));
            record("ingest_bundle_readings_per_s", bundled.perSecond() * 100,
                    "FHIR endpoint, Bundles of 100, 32 keep-alive clients: %.0f readings/s");
            record("ingest_bundle_p50_ms", bundled.p50Millis(), "  answer p50: %.1f ms");
            record("ingest_bundle_p99_ms", bundled.p99Millis(), "  answer p99: %.1f ms");
        }
    }

    /**
     * The MLLP door (BP_ROUTES=hl7): monitors sending PCD-01 ORU^R01 one after the other's ACK, on one connection, then
     * on 8 at once; each ACK comes after Kafka's acknowledgement, so the ACK's latency is the monitor's wait.
     */
    private void hl7(KafkaBench kafka, String brokers, int seconds) throws Exception {
        String topic = "bench-hl7";
        kafka.createTopic(topic, 2);
        int port = FreePorts.next();
        Map<String, String> environment = Map.of(KAFKA_BROKERS.name(), brokers, BP_TOPIC.name(), topic,
                BP_DLQ_TOPIC.name(), topic + "-dlq", BP_ROUTES.name(), "hl7", BP_HL7_PORT.name(), String.valueOf(port),
                BP_MANAGEMENT_PORT.name(), String.valueOf(FreePorts.next()));
        try (ChildApp door = ChildApp.start(environment, "512m", workDir.resolve("hl7"))) {
            Poll.until(Duration.ofSeconds(120), () -> MllpLoad.accepted(port), "the MLLP listener answering");
            MllpLoad.run(port, 8, Duration.ofSeconds(10), "warm-up"); // JIT warm-up
            ClosedLoop.Result one = MllpLoad.run(port, 1, Duration.ofSeconds(seconds), "one");
            record("hl7_one_connection_messages_per_s", one.perSecond(),
                    "MLLP door, ORU^R01 (PCD-01) on one connection: %.0f messages/s");
            record("hl7_one_connection_ack_p50_ms", one.p50Millis(), "  ACK p50: %.2f ms");
            record("hl7_one_connection_ack_p99_ms", one.p99Millis(), "  ACK p99: %.2f ms");
            ClosedLoop.Result eight = MllpLoad.run(port, 8, Duration.ofSeconds(seconds), "eight");
            record("hl7_eight_connections_messages_per_s", eight.perSecond(),
                    "MLLP door, ORU^R01 (PCD-01) on 8 connections: %.0f messages/s");
            record("hl7_eight_connections_ack_p50_ms", eight.p50Millis(), "  ACK p50: %.2f ms");
            record("hl7_eight_connections_ack_p99_ms", eight.p99Millis(), "  ACK p99: %.2f ms");
        }
    }

    /** Every reading an anomaly: the detector's indexing rate against plain _bulk requests of the same documents. */
    private void indexingAgainstCeiling(KafkaBench kafka, String brokers, String elasticsearch, int count,
                                        String heap) throws Exception {
        List<ReadingCorpus.Reading> corpus = ReadingCorpus.generate(count, 43, true);
        List<AnomalyDocument> documents = corpus.stream().map(ReadingCorpus.Reading::anomaly).toList();
        EsHttp es = new EsHttp(elasticsearch);
        createIndex(es, "bench_ceiling");
        // batches of the detector's size: its largest poll; the first pass warms the node up (the detector is
        // measured after its first quarter too), the second, into a fresh index, is the ceiling
        int batchSize = Integer.parseInt(Setting.BP_DETECTOR_MAX_POLL_RECORDS.defaultValue());
        PlainBulkLoader.load(elasticsearch, "bench_ceiling", documents, batchSize);
        es.delete("/bench_ceiling");
        createIndex(es, "bench_ceiling");
        double ceiling = PlainBulkLoader.load(elasticsearch, "bench_ceiling", documents, batchSize);
        record("plain_bulk_ceiling_docs_per_s", ceiling, "plain _bulk ceiling: %.0f documents/s");
        es.delete("/bench_ceiling");
        kafka.createTopic("bench-anomalies", 2);
        kafka.preload("bench-anomalies", corpus);
        Map<String, Double> run = drain(kafka, brokers, elasticsearch, "bench-anomalies", "anomalies", corpus.size(),
                count, heap, 2, 1, Map.of());
        record("detector_all_anomalies_indexed_per_s", run.get("anomalies_per_s"),
                "detector (all anomalies): %.0f anomalies indexed/s");
        record("detector_vs_ceiling", run.get("anomalies_per_s") / ceiling,
                "detector indexing rate / plain _bulk ceiling: %.2f");
    }

    /**
     * The same two drains (mixed, and every reading an anomaly) by {@link BareDetector}: the detector's pipeline with
     * its work taken out, what the machine leaves for any detector; each detector figure is set against it.
     */
    private void bareFloor(KafkaBench kafka, String brokers, String elasticsearch, int count) throws Exception {
        int pollSize = Integer.parseInt(Setting.BP_DETECTOR_MAX_POLL_RECORDS.defaultValue());
        int threads = Integer.parseInt(Setting.BP_DETECTOR_CONSUMERS.defaultValue());
        EsHttp es = new EsHttp(elasticsearch);
        List<ReadingCorpus.Reading> mixed = ReadingCorpus.generate(count, 42, false);
        createIndex(es, "bench_floor_mixed");
        kafka.createTopic("bench-floor-mixed", 2);
        kafka.preload("bench-floor-mixed", mixed);
        double mixedRate = new BareDetector(mixed, "bench_floor_mixed", brokers, elasticsearch, pollSize)
                .drain("bench-floor-mixed", "bench-floor-mixed-group", threads, mixed.size());
        checkCount(es, "bench_floor_mixed", ReadingCorpus.anomalies(mixed));
        record("bare_floor_mixed_readings_per_s", mixedRate,
                "bare floor (mixed, steady; no reading, classifying or serialising): %.0f readings/s");
        if (figures.get("detector_readings_per_s") instanceof Double detector) {
            record("detector_vs_bare_floor_mixed", detector / mixedRate, "detector steady rate / bare floor: %.2f");
        }
        if (figures.get("seed_style_readings_per_s") instanceof Double seed) {
            record("bare_floor_vs_seed_style", mixedRate / seed, "bare floor / seed-style rate: %.1fx");
        }
        es.delete("/bench_floor_mixed");
        List<ReadingCorpus.Reading> anomalies = ReadingCorpus.generate(count / 2, 43, true);
        createIndex(es, "bench_floor_anomalies");
        kafka.createTopic("bench-floor-anomalies", 2);
        kafka.preload("bench-floor-anomalies", anomalies);
        double anomalyRate = new BareDetector(anomalies, "bench_floor_anomalies", brokers, elasticsearch, pollSize)
                .drain("bench-floor-anomalies", "bench-floor-anomalies-group", threads, anomalies.size());
        checkCount(es, "bench_floor_anomalies", anomalies.size());
        record("bare_floor_all_anomalies_per_s", anomalyRate, "bare floor (all anomalies): %.0f anomalies indexed/s");
        if (figures.get("plain_bulk_ceiling_docs_per_s") instanceof Double ceiling) {
            record("bare_floor_vs_ceiling", anomalyRate / ceiling, "bare floor / plain _bulk ceiling: %.2f");
        }
        if (figures.get("detector_all_anomalies_indexed_per_s") instanceof Double detector) {
            record("detector_vs_bare_floor_all_anomalies", detector / anomalyRate,
                    "detector (all anomalies) / bare floor: %.2f");
        }
        es.delete("/bench_floor_anomalies");
    }

    private static void checkCount(EsHttp es, String index, long expected) throws Exception {
        long indexed = count(es, index);
        if (indexed != expected) {
            throw new IllegalStateException("expected " + expected + " documents in " + index + ", found " + indexed);
        }
    }

    private void latency(KafkaBench kafka, String brokers, String elasticsearch, int rate, int seconds, String heap,
                         List<String> stages) throws Exception {
        String topic = "bench-latency";
        String index = "bench_latency";
        kafka.createTopic(topic, 2);
        List<ReadingCorpus.Reading> corpus = ReadingCorpus.generate(rate * seconds, 44, false);
        try (ChildApp detector = ChildApp.start(detectorEnvironment(brokers, elasticsearch, topic, index,
                "bench-latency-group"), heap, workDir.resolve("latency"));
             var producer = kafka.producer()) {
            Poll.until(Duration.ofSeconds(60), () -> new EsHttp(elasticsearch).get("/" + index).ok(),
                    "the detector to create its index");
            // a warm-up stream first: the latency asked for is the steady state's, not the cold JVM's
            List<ReadingCorpus.Reading> warmUp = ReadingCorpus.generate(LATENCY_WARM_UP, 45, false);
            kafka.preload(topic, warmUp);
            Poll.until(Duration.ofMinutes(5), () -> kafka.committed("bench-latency-group") >= warmUp.size(),
                    "the warm-up readings committed");
            LatencyProbe.Result result = LatencyProbe.run(producer, topic, elasticsearch, index, corpus, rate);
            figures.put("latency_offered_rate_per_s", rate);
            figures.put("latency_seconds", seconds);
            figures.put("latency_p50_ms", result.p50Millis());
            figures.put("latency_p95_ms", result.p95Millis());
            figures.put("latency_p99_ms", result.p99Millis());
            figures.put("latency_max_ms", result.maxMillis());
            figures.put("latency_measured", result.measured());
            figures.put("latency_peak_heap_mib", detector.peakHeapMiB());
            figures.put("latency_peak_rss_mib", detector.peakResidentMiB());
            System.out.printf("latency at %d readings/s for %d s: %s%n", rate, seconds, LatencyProbe.describe(result));
        }
        if (stages.contains("floor")) {
            bareLatency(kafka, brokers, elasticsearch, rate, seconds, "1s");
            bareLatency(kafka, brokers, elasticsearch, rate, seconds, "250ms");
        }
    }

    /**
     * The same latency measurement with the {@link BareDetector} in the detector's place (same poll window, threads and
     * poll size), on an index refreshed every {@code refreshInterval}: what the stack allows any detector.
     */
    private void bareLatency(KafkaBench kafka, String brokers, String elasticsearch, int rate, int seconds,
                             String refreshInterval) throws Exception {
        String name = "bare_" + refreshInterval;
        String topic = "bench-latency-" + name.replace('_', '-');
        String index = "bench_latency_" + name;
        EsHttp es = new EsHttp(elasticsearch);
        createIndex(es, index);
        es.put("/" + index + "/_settings", "{\"index\":{\"refresh_interval\":\"" + refreshInterval + "\"}}");
        kafka.createTopic(topic, 2);
        List<ReadingCorpus.Reading> corpus = ReadingCorpus.generate(rate * seconds, 44, false);
        List<ReadingCorpus.Reading> warmUp = ReadingCorpus.generate(20_000, 45, false);
        List<ReadingCorpus.Reading> all = new java.util.ArrayList<>(warmUp);
        all.addAll(corpus);
        BareDetector bare = new BareDetector(all, index, brokers, elasticsearch,
                Integer.parseInt(Setting.BP_DETECTOR_MAX_POLL_RECORDS.defaultValue()));
        // routes/detector.yaml closes a poll after 250 ms (batchingIntervalMs)
        try (AutoCloseable following = bare.follow(topic, "bench-latency-" + name + "-group",
                Integer.parseInt(Setting.BP_DETECTOR_CONSUMERS.defaultValue()), Duration.ofMillis(250));
             var producer = kafka.producer()) {
            kafka.preload(topic, warmUp);
            Poll.until(Duration.ofMinutes(2), () -> bare.committed() >= warmUp.size(), "the bare warm-up committed");
            LatencyProbe.Result result = LatencyProbe.run(producer, topic, elasticsearch, index, corpus, rate);
            figures.put("latency_" + name + "_p50_ms", result.p50Millis());
            figures.put("latency_" + name + "_p95_ms", result.p95Millis());
            figures.put("latency_" + name + "_p99_ms", result.p99Millis());
            figures.put("latency_" + name + "_max_ms", result.maxMillis());
            System.out.printf("bare floor latency, refresh %s, at %d readings/s for %d s: %s%n", refreshInterval, rate,
                    seconds, LatencyProbe.describe(result));
        }
        es.delete("/" + index);
    }

    /**
     * Starts {@code processes} detectors of {@code threads} consumer threads each on a new group and index over a
     * preloaded topic, with {@code extraEnvironment} on top of the usual, and times them until all of it is committed.
     */
    private Map<String, Double> drain(KafkaBench kafka, String brokers, String elasticsearch, String topic, String name,
                                      int readings, long expectedAnomalies, String heap, int threads, int processes,
                                      Map<String, String> extraEnvironment)
            throws Exception {
        String index = "bench_" + name;
        String group = "bench-" + name + "-group";
        EsHttp es = new EsHttp(elasticsearch);
        Map<String, String> environment = new LinkedHashMap<>(detectorEnvironment(brokers, elasticsearch, topic, index, group));
        environment.put(BP_DETECTOR_CONSUMERS.name(), String.valueOf(threads));
        environment.putAll(extraEnvironment);
        List<ChildApp> detectors = new java.util.ArrayList<>();
        List<Integer> managementPorts = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < processes; i++) {
                managementPorts.add(FreePorts.next());
                environment.put(BP_MANAGEMENT_PORT.name(), String.valueOf(managementPorts.get(i)));
                environment.put(BP_BOARD_PORT.name(), String.valueOf(FreePorts.next()));
                detectors.add(ChildApp.start(environment, heap, workDir.resolve(name + "-" + i)));
            }
            CommitClock clock = CommitClock.atFirstCommit(kafka, group, readings,
                    () -> detectors.stream().allMatch(ChildApp::isAlive));
            // the first quarter warms the JIT up (Camel, Jackson and the ES client compile on 2 cores meanwhile):
            // the steady rate is measured over the rest
            clock.awaitSteady();
            long steadyIndexed = count(es, index);
            long steadyBulkRequests = bulkRequests(es);
            long steadyDetectorTicks = detectorTicks(detectors);
            long steadyMachineTicks = CpuTicks.ofMachine();
            clock.awaitEnd();
            double steadyThousands = clock.steadyReadings() / 1000.0;
            double detectorMillis = (detectorTicks(detectors) - steadyDetectorTicks) * CpuTicks.TICK_MILLIS;
            double machineMillis = (CpuTicks.ofMachine() - steadyMachineTicks) * CpuTicks.TICK_MILLIS;
            double bulkRequests = bulkRequests(es) - steadyBulkRequests;
            long indexed = count(es, index);
            if (indexed != expectedAnomalies) {
                throw new IllegalStateException("expected " + expectedAnomalies + " anomalies, index holds " + indexed);
            }
            Map<String, Double> run = new LinkedHashMap<>();
            run.put("readings_per_s_from_cold", clock.readingsPerSecond());
            run.put("readings_per_s", clock.steadyReadingsPerSecond());
            run.put("anomalies_per_s", (indexed - steadyIndexed) / clock.steadySeconds());
            // what the steady readings cost in CPU: the detector's own, and the whole machine's (Kafka, Elasticsearch
            // and this harness with it)
            run.put("detector_cpu_ms_per_1k", detectorMillis / steadyThousands);
            run.put("machine_cpu_ms_per_1k", machineMillis / steadyThousands);
            run.put("bulk_requests_per_1k", bulkRequests / steadyThousands);
            run.put("peak_heap_mib", (double) detectors.get(0).peakHeapMiB());
            run.put("peak_rss_mib", detectors.get(0).peakResidentMiB());
            run.put("gc_share", detectors.get(0).gcPauseShare());
            // the whole drain's CPU by kind of thread: on 2 cores, a cold JVM's compiler competes with the work
            Map<String, Long> byThread = detectors.get(0).cpuTicksByThread();
            run.put("detector_cpu_s", CpuTicks.sum(byThread, thread -> true) * CpuTicks.TICK_MILLIS / 1000);
            run.put("jit_cpu_s", CpuTicks.jit(byThread) * CpuTicks.TICK_MILLIS / 1000);
            run.put("gc_cpu_s", CpuTicks.gc(byThread) * CpuTicks.TICK_MILLIS / 1000);
            // the kernel keeps a thread's first 15 characters: the engine's stream thread starts with its application id
            String engine = environment.getOrDefault(BP_ALERT_APPLICATION_ID.name(), "");
            String engineThread = engine.substring(0, Math.min(15, engine.length()));
            run.put("engine_thread_cpu_s", engine.isEmpty() ? 0.0
                    : CpuTicks.sum(byThread, engineThread::equals) * CpuTicks.TICK_MILLIS / 1000);
            run.put("engine_rocksdb_mib", engine.isEmpty() ? 0.0 : rocksDbMiB(managementPorts.get(0)));
            return run;
        } finally {
            for (ChildApp detector : detectors) {
                detector.close();
            }
            es.delete("/" + index);
        }
    }

    /**
     * Alerts: a crisis reading of a patient of its own every {@value #CRISIS_EVERY} readings of a steady stream, each
     * timed from the producer's send until its crisis alert is searchable in the alert index and readable on the alert
     * topic by a {@code read_committed} consumer (it is published in the poll's Kafka transaction).
     */
    private void alertLatency(KafkaBench kafka, String brokers, String elasticsearch, int rate, int seconds, String heap)
            throws Exception {
        String name = "alerts_latency";
        String topic = "bench-alerts-latency";
        String group = "bench-alerts-latency-group";
        Map<String, String> environment = new LinkedHashMap<>(detectorEnvironment(brokers, elasticsearch, topic,
                "bench_" + name, group));
        environment.putAll(alertsOn(kafka, name));
        environment.put(BP_MANAGEMENT_PORT.name(), String.valueOf(FreePorts.next()));
        environment.put(BP_BOARD_PORT.name(), String.valueOf(FreePorts.next()));
        kafka.createTopic(topic, 2);
        List<ReadingCorpus.Reading> corpus = ReadingCorpus.generate(rate * seconds, 48, false, CRISIS_EVERY);
        EsHttp es = new EsHttp(elasticsearch);
        String alertIndex = environment.get(BP_ALERT_INDEX.name());
        try (ChildApp detector = ChildApp.start(environment, heap, workDir.resolve(name));
             var producer = kafka.producer()) {
            Poll.until(Duration.ofSeconds(60), () -> es.get("/" + alertIndex).ok(), "the detector to create its alert index");
            List<ReadingCorpus.Reading> warmUp = ReadingCorpus.generate(LATENCY_WARM_UP, 49, false, CRISIS_EVERY);
            kafka.preload(topic, warmUp);
            Poll.until(Duration.ofMinutes(5), () -> kafka.committed(group) >= warmUp.size(), "the warm-up readings committed");
            // and the engine through them, on every partition: the alert of each of the warm-up's crisis readings searchable
            long crises = warmUp.stream().filter(ReadingCorpus.Reading::opensCrisis).count();
            String crisisPatients = warmUp.stream().filter(ReadingCorpus.Reading::opensCrisis).findFirst().orElseThrow()
                    .patientId().replaceAll("[0-9]+$", "");
            long engineFrom = System.nanoTime();
            Poll.until(Duration.ofMinutes(5), () -> es.post("/" + alertIndex + "/_count",
                    "{\"query\":{\"prefix\":{\"patient_id\":\"" + crisisPatients + "\"}}}").body()
                    .contains("\"count\":" + crises + ","), "the engine through the warm-up");
            figures.put("alerts_latency_engine_warm_up_lag_ms", (System.nanoTime() - engineFrom) / 1e6);
            Map<String, LatencyProbe.Result> results;
            try (AlertSightings.Published published =
                    AlertSightings.published(brokers, environment.get(BP_ALERT_TOPIC.name()))) {
                Map<String, LatencyProbe.Sighting> sightings = new LinkedHashMap<>();
                sightings.put("searchable", AlertSightings.searchable(elasticsearch, alertIndex));
                sightings.put("published", published);
                results = LatencyProbe.run(producer, topic, corpus, rate, ReadingCorpus.Reading::opensCrisis, sightings);
            }
            figures.put("alerts_crisis_share", 1.0 / CRISIS_EVERY);
            results.forEach((sighting, result) -> {
                String prefix = "alerts_latency_" + sighting;
                figures.put(prefix + "_p50_ms", result.p50Millis());
                figures.put(prefix + "_p95_ms", result.p95Millis());
                figures.put(prefix + "_p99_ms", result.p99Millis());
                figures.put(prefix + "_max_ms", result.maxMillis());
                figures.put(prefix + "_measured", result.measured());
                System.out.printf("crisis reading -> alert %s, at %d readings/s for %d s: %s%n", sighting, rate,
                        seconds, LatencyProbe.describe(result));
            });
            figures.put("alerts_latency_peak_heap_mib", detector.peakHeapMiB());
        } finally {
            deleteAlertIndex(es, environment);
            es.delete("/bench_" + name);
        }
    }

    /**
     * A mixed stream of {@code count} readings (six times the throughput stage's by default: each drain lasts about
     * half a minute, so its steady window is past the JIT compiling the detector and outweighs Elasticsearch's
     * refreshes and merges) drained by detectors with alerts off
     * and on, after a drain that is not counted (the node's first drains are its slowest), then in the order off, on,
     * on, off, so a drift of the machine during the stage weighs on both: the cost of the alerts is the ratio of their
     * mean steady rates. Each drain's CPU per reading, the detector's and the machine's, says the same with less noise.
     */
    private void alertThroughput(KafkaBench kafka, String brokers, String elasticsearch, int count, String heap)
            throws Exception {
        // the same cohort's readings go on chunk after chunk, each chunk drawn with a seed of its own
        kafka.createTopic(ALERTS_MIXED_TOPIC, 2);
        long anomalies = 0;
        for (int chunk = 0; chunk * CORPUS_CHUNK < count; chunk++) {
            List<ReadingCorpus.Reading> readings = ReadingCorpus.generate(
                    Math.min(CORPUS_CHUNK, count - chunk * CORPUS_CHUNK), 42 + chunk, false);
            anomalies += ReadingCorpus.anomalies(readings);
            kafka.preload(ALERTS_MIXED_TOPIC, readings);
        }
        drain(kafka, brokers, elasticsearch, ALERTS_MIXED_TOPIC, "alerts_warm_up", count, anomalies, heap, 2, 1,
                alertsOff("alerts_warm_up"));
        int pairs = 2;
        double off = 0;
        double on = 0;
        double offDetectorCpu = 0;
        double onDetectorCpu = 0;
        double offMachineCpu = 0;
        double onMachineCpu = 0;
        for (int pair = 1; pair <= pairs; pair++) {
            boolean offFirst = pair % 2 == 1;
            for (boolean alerts : new boolean[] {!offFirst, offFirst}) {
                String name = (alerts ? "alerts_on_" : "alerts_off_") + pair;
                Map<String, String> environment = alerts ? alertsOn(kafka, name) : alertsOff(name);
                try {
                    Map<String, Double> run = drain(kafka, brokers, elasticsearch, ALERTS_MIXED_TOPIC, name, count,
                            anomalies, heap, 2, 1, environment);
                    double rate = run.get("readings_per_s");
                    System.out.printf("detector (mixed, steady), %s: %.0f readings/s; per 1,000 readings: CPU of the"
                                    + " detector %.0f ms, of the machine %.0f ms; %.2f bulk requests%n",
                            name.replace('_', ' '), rate, run.get("detector_cpu_ms_per_1k"),
                            run.get("machine_cpu_ms_per_1k"), run.get("bulk_requests_per_1k"));
                    if (alerts) {
                        on += rate;
                        onDetectorCpu += run.get("detector_cpu_ms_per_1k");
                        onMachineCpu += run.get("machine_cpu_ms_per_1k");
                    } else {
                        off += rate;
                        offDetectorCpu += run.get("detector_cpu_ms_per_1k");
                        offMachineCpu += run.get("machine_cpu_ms_per_1k");
                    }
                } finally {
                    if (alerts) {
                        closeAlerts(new EsHttp(elasticsearch), environment);
                    }
                }
            }
        }
        record("detector_alerts_off_readings_per_s", off / pairs,
                "detector (mixed, steady), alerts off, mean: %.0f readings/s");
        record("detector_alerts_on_readings_per_s", on / pairs,
                "detector (mixed, steady), alerts on, mean: %.0f readings/s");
        record("detector_alerts_on_vs_off", on / off, "detector steady rate, alerts on / off: %.2f");
        record("detector_alerts_off_cpu_ms_per_1k", offDetectorCpu / pairs,
                "detector CPU per 1,000 readings, alerts off, mean: %.0f ms");
        record("detector_alerts_on_cpu_ms_per_1k", onDetectorCpu / pairs,
                "detector CPU per 1,000 readings, alerts on, mean: %.0f ms");
        record("machine_alerts_off_cpu_ms_per_1k", offMachineCpu / pairs,
                "machine CPU per 1,000 readings, alerts off, mean: %.0f ms");
        record("machine_alerts_on_cpu_ms_per_1k", onMachineCpu / pairs,
                "machine CPU per 1,000 readings, alerts on, mean: %.0f ms");
    }

    /**
     * A backfill-shaped stream ({@link BackfillCorpus}: readings of 500 patients 1 s apart in effective time, as
     * gateways send them, on 3 partitions) drained side by side by the {@link PlainConsumer} and by detectors with
     * alerts off and on, each on a new group and index, each in a cold JVM of its own with the same heap cap: first a
     * plain drain that is not counted (the node's first drains are its slowest), then {@link #BACKFILL_DRAINS}. Each drain is timed from its first commit to its last by
     * {@link CommitClock}, the same way for all; the rates set side by side are those of the whole drain, as a backfill
     * is drained whole, and the steady ones are reported as well. Every detector drain must index every anomaly and
     * dead-letter nothing.
     */
    private void backfill(KafkaBench kafka, String brokers, String elasticsearch, int count, String heap)
            throws Exception {
        kafka.createTopic(BACKFILL_TOPIC, 3);
        BackfillCorpus.Stream stream = BackfillCorpus.preload(kafka, BACKFILL_TOPIC, count, 51);
        figures.put("backfill_readings", stream.readings());
        record("backfill_anomaly_share", stream.anomalies() / (double) stream.readings(),
                "backfill stream: %.2f of readings are anomalies");
        figures.put("backfill_crisis_readings", stream.crises());
        System.out.printf("backfill stream: %d readings, %d of them crisis readings (>= 180 systolic or >= 120"
                + " diastolic)%n", stream.readings(), stream.crises());
        record("backfill_mean_bytes", stream.bytes() / (double) stream.readings(),
                "backfill stream: %.0f bytes per Observation on average");
        plainDrain(kafka, brokers, elasticsearch, "backfill_warm_up", stream, heap);
        Map<String, List<Map<String, Double>>> runs = new LinkedHashMap<>();
        for (String side : BACKFILL_DRAINS) {
            List<Map<String, Double>> sideRuns = runs.computeIfAbsent(side, key -> new java.util.ArrayList<>());
            String name = "backfill_" + side + "_" + (sideRuns.size() + 1);
            System.out.println(name.replace('_', ' ') + ":");
            Map<String, Double> run = side.equals(BACKFILL_PLAIN)
                    ? plainDrain(kafka, brokers, elasticsearch, name, stream, heap)
                    : backfillDetectorDrain(kafka, brokers, elasticsearch, name, stream, heap, side);
            sideRuns.add(run);
            record(name + "_readings_per_s", run.get("readings_per_s_from_cold"),
                    "  %.0f readings/s, first commit to last");
            record(name + "_steady_readings_per_s", run.get("readings_per_s"), "  steady: %.0f readings/s");
            if (!side.equals(BACKFILL_PLAIN)) {
                System.out.printf("  detector CPU over the drain: %.1f s; JIT compiler threads %.1f s, GC %.1f s,"
                                + " the alert engine's stream thread %.1f s%n", run.get("detector_cpu_s"),
                        run.get("jit_cpu_s"), run.get("gc_cpu_s"), run.get("engine_thread_cpu_s"));
                for (String cpu : List.of("detector_cpu_s", "jit_cpu_s", "gc_cpu_s", "engine_thread_cpu_s")) {
                    figures.put(name + "_" + cpu, run.get(cpu));
                }
            }
            if (side.equals(BACKFILL_ALERTS_ON)) {
                record(name + "_peak_heap_mib", run.get("peak_heap_mib"),
                        "  detector peak heap: %.0f MiB (-Xmx" + heap + ")");
                record(name + "_peak_rss_mib", run.get("peak_rss_mib"), "  detector peak resident memory: %.0f MiB");
                record(name + "_engine_rocksdb_mib", run.get("engine_rocksdb_mib"),
                        "  the engine's RocksDB stores at the end (memtables, block caches, indexes): %.0f MiB");
            }
        }
        for (boolean steady : new boolean[] {false, true}) {
            String rate = steady ? "readings_per_s" : "readings_per_s_from_cold";
            String suffix = steady ? "_steady" : "";
            String label = "backfill (" + (steady ? "steady" : "first commit to last") + "), ";
            Map<String, Double> means = new LinkedHashMap<>();
            runs.forEach((side, sideRuns) -> {
                means.put(side, sideRuns.stream().mapToDouble(run -> run.get(rate)).average().orElseThrow());
                record("backfill_" + side + suffix + "_readings_per_s", means.get(side),
                        label + side.replace('_', ' ') + ", mean: %.0f readings/s");
            });
            record("backfill_alerts_on_vs_off" + suffix, means.get(BACKFILL_ALERTS_ON) / means.get(BACKFILL_ALERTS_OFF),
                    label + "detector alerts on / alerts off: %.2f (target >= 0.90)");
            record("backfill_alerts_off_vs_plain" + suffix, means.get(BACKFILL_ALERTS_OFF) / means.get(BACKFILL_PLAIN),
                    label + "detector alerts off / plain consumer: %.2f (target >= 0.50)");
            record("backfill_alerts_on_vs_plain" + suffix, means.get(BACKFILL_ALERTS_ON) / means.get(BACKFILL_PLAIN),
                    label + "detector alerts on / plain consumer: %.2f");
            record("backfill_engine_floor_vs_off" + suffix,
                    means.get(BACKFILL_ENGINE_FLOOR) / means.get(BACKFILL_ALERTS_OFF),
                    label + "detector alerts off with the engine floor beside it / alone: %.2f");
        }
    }

    /**
     * The {@link PlainConsumer} drains the backfill stream into an index of its own, on a new group; its rates under
     * the names {@link #drain} gives a detector's.
     */
    private Map<String, Double> plainDrain(KafkaBench kafka, String brokers, String elasticsearch, String name,
                                           BackfillCorpus.Stream stream, String heap) throws Exception {
        String index = "bench_" + name;
        String group = "bench-" + name + "-group";
        EsHttp es = new EsHttp(elasticsearch);
        createIndex(es, index);
        Files.createDirectories(workDir);
        Process consumer = PlainConsumer.startProcess(brokers, BACKFILL_TOPIC, group, elasticsearch, index, heap,
                workDir.resolve(name + "-plain.log"));
        try {
            CommitClock clock = CommitClock.atFirstCommit(kafka, group, stream.readings(), consumer::isAlive);
            clock.awaitSteady();
            clock.awaitEnd();
            checkCount(es, index, stream.anomalies());
            return Map.of("readings_per_s_from_cold", clock.readingsPerSecond(),
                    "readings_per_s", clock.steadyReadingsPerSecond());
        } finally {
            consumer.destroy();
            consumer.waitFor();
            es.delete("/" + index);
        }
    }

    /**
     * A detector as it ships drains the backfill stream, alerts on or off, or off with {@link EngineFloor} reading its
     * classified readings in a process beside it; not one of its readings may be dead-lettered.
     */
    private Map<String, Double> backfillDetectorDrain(KafkaBench kafka, String brokers, String elasticsearch,
                                                      String name, BackfillCorpus.Stream stream, String heap,
                                                      String side) throws Exception {
        boolean alerts = side.equals(BACKFILL_ALERTS_ON);
        Map<String, String> environment = alerts ? alertsOn(kafka, name) : alertsOff(name);
        Process floor = null;
        if (side.equals(BACKFILL_ENGINE_FLOOR)) {
            String readings = environment.get(BP_READINGS_TOPIC.name());
            kafka.createTopic(readings, 3);
            floor = EngineFloor.startProcess(brokers, readings, "bench-" + name.replace('_', '-') + "-floor",
                    Files.createTempDirectory(workDir, name + "-floor-state"), heap,
                    workDir.resolve(name + "-floor.log"));
        }
        try {
            Map<String, Double> run = drain(kafka, brokers, elasticsearch, BACKFILL_TOPIC, name,
                    Math.toIntExact(stream.readings()), stream.anomalies(), heap,
                    Integer.parseInt(Setting.BP_DETECTOR_CONSUMERS.defaultValue()), 1, environment);
            long deadLetters = kafka.committedRecords(deadLetterTopic(BACKFILL_TOPIC));
            if (deadLetters > 0) {
                throw new IllegalStateException(name + ": " + deadLetters + " readings of the backfill stream"
                        + " dead-lettered, see " + workDir.resolve(name + "-0"));
            }
            if (floor != null && !floor.isAlive()) {
                throw new IllegalStateException(name + ": the engine floor ended, see " + name + "-floor.log");
            }
            return run;
        } finally {
            if (floor != null) {
                floor.destroy();
                floor.waitFor();
            }
            if (alerts) {
                closeAlerts(new EsHttp(elasticsearch), environment);
            }
        }
    }

    /**
     * The native memory of the engine's RocksDB stores now, from the detector's {@code /observe/metrics}: their
     * memtables, block caches and index and filter blocks, summed over stores and tasks (Kafka Streams' RocksDB
     * metrics, recorded at its default level).
     */
    private static double rocksDbMiB(int managementPort) throws Exception {
        String metrics = new EsHttp("http://127.0.0.1:" + managementPort).get("/observe/metrics").body();
        double bytes = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("kafka_stream_state_size_all_mem_tables")
                    || line.startsWith("kafka_stream_state_block_cache_usage")
                    || line.startsWith("kafka_stream_state_estimate_table_readers_mem")) {
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                bytes += Double.isNaN(value) ? 0 : value;
            }
        }
        return bytes / (1024 * 1024);
    }

    /** Bulk requests the Elasticsearch node has served so far. */
    private static long bulkRequests(EsHttp es) throws Exception {
        EsHttp.Response response = es.get("/_nodes/_local/stats/indices/bulk");
        JsonNode nodes = new ObjectMapper().readTree(response.body()).path("nodes");
        return nodes.elements().next().path("indices").path("bulk").path("total_operations").asLong();
    }

    private static long detectorTicks(List<ChildApp> detectors) throws IOException {
        long ticks = 0;
        for (ChildApp detector : detectors) {
            ticks += detector.cpuTicks();
        }
        return ticks;
    }

    /**
     * Alerts on, with everything the alert engine keeps fresh for the run, so no run starts behind another's state (the
     * fault of round 5's scaling drains): the alert index, the alert topic and the classified readings topic, the
     * engine's application id, state directory and projection group.
     */
    private Map<String, String> alertsOn(KafkaBench kafka, String name) throws Exception {
        String prefix = "bench-" + name.replace('_', '-');
        String alertTopic = prefix + "-events";
        // at least as many partitions as any readings' topic here (the engine only adds partitions)
        kafka.createTopic(alertTopic, 3);
        Map<String, String> environment = new LinkedHashMap<>(alertsOff(name));
        environment.put(BP_ALERTS_ENABLED.name(), "true");
        environment.put(BP_ALERT_INDEX.name(), "bench_" + name + "_alerts");
        environment.put(BP_ALERT_TOPIC.name(), alertTopic);
        environment.put(BP_ALERT_APPLICATION_ID.name(), prefix + "-engine");
        environment.put(BP_ALERT_STATE_DIR.name(), Files.createTempDirectory(workDir, name + "-alert-state").toString());
        environment.put(BP_ALERT_PROJECTION_GROUP_ID.name(), prefix + "-projection");
        return environment;
    }

    /** Alerts off; the classified readings the detector publishes go to a topic of the run's own. */
    private static Map<String, String> alertsOff(String name) {
        return Map.of(BP_ALERTS_ENABLED.name(), "false",
                BP_READINGS_TOPIC.name(), "bench-" + name.replace('_', '-') + "-readings");
    }

    /** After a run with alerts on: what the alerts cost the node in documents, then their index deleted. */
    private static void closeAlerts(EsHttp es, Map<String, String> environment) throws Exception {
        JsonNode stats = new ObjectMapper().readTree(es.get("/" + environment.get(BP_ALERT_INDEX.name())
                + "/_stats/bulk,indexing").body()).path("_all").path("primaries");
        System.out.printf("  alert documents written: %d in %d bulk requests%n",
                stats.path("indexing").path("index_total").asLong(),
                stats.path("bulk").path("total_operations").asLong());
        deleteAlertIndex(es, environment);
    }

    private static void deleteAlertIndex(EsHttp es, Map<String, String> environment) throws Exception {
        es.delete("/" + environment.get(BP_ALERT_INDEX.name()));
    }

    private static Map<String, String> detectorEnvironment(String brokers, String elasticsearch, String topic,
                                                          String index, String group) {
        return Map.of(KAFKA_BROKERS.name(), brokers, ELASTICSEARCH_URL.name(), elasticsearch, BP_TOPIC.name(), topic,
                BP_DLQ_TOPIC.name(), deadLetterTopic(topic), BP_GROUP_ID.name(), group, BP_INDEX.name(), index,
                BP_ROUTES.name(), "detector", BP_PROGRESS_INTERVAL_MS.name(), "5000");
    }

    private static String deadLetterTopic(String topic) {
        return topic + "-dlq";
    }

    private static void createIndex(EsHttp es, String index) throws Exception {
        String definition = new String(Benchmark.class.getResourceAsStream(
                "/elasticsearch/bp_anomalies-index.json").readAllBytes());
        EsHttp.Response response = es.put("/" + index, definition);
        if (!response.ok()) {
            throw new IllegalStateException("cannot create " + index + ": " + response.body());
        }
    }

    private static long count(EsHttp es, String index) throws Exception {
        es.post("/" + index + "/_refresh", "");
        EsHttp.Response response = es.get("/" + index + "/_count");
        return response.ok() ? new ObjectMapper().readTree(response.body()).path("count").asLong() : 0;
    }

    private void record(String key, double value, String format) {
        figures.put(key, Math.round(value * 100.0) / 100.0);
        System.out.printf(format + "%n", value);
    }

    private static String machine() {
        String cpu = Optional.ofNullable(readCpuModel()).orElse("unknown CPU");
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Math.round(totalMemoryGiB()) + " GiB, Java " + System.getProperty("java.version");
    }

    private static String readCpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(null);
        } catch (Exception e) {
            return null;
        }
    }

    private static double totalMemoryGiB() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os.getTotalMemorySize() / (1024.0 * 1024 * 1024);
    }

    private void write() throws Exception {
        Files.writeString(workDir.resolve("report.json"), JSON.writeValueAsString(figures));
        StringBuilder markdown = new StringBuilder("# bp-monitor benchmark\n\n| figure | value |\n|---|---|\n");
        figures.forEach((key, value) -> markdown.append("| ").append(key).append(" | ").append(value).append(" |\n"));
        Files.writeString(workDir.resolve("report.md"), markdown);
        System.out.println("report: " + workDir.resolve("report.md"));
    }
}
