package io.bpmonitor.bench;

import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_PROGRESS_INTERVAL_MS;
import static io.bpmonitor.config.Setting.BP_TOPIC;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.EsHttp;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.PacedProducer;
import io.bpmonitor.testing.PoisonCorpus.Poison;
import io.bpmonitor.testing.PoisonCorpus;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * The soak (docs/benchmark.md#soak): the packaged app as two detectors in one group on a 4-partition topic, a paced
 * stream of known readings with a known share of malformed ones, and a fault every few minutes drawn at random
 * (seeded) from SIGKILL-and-restart of a detector, Elasticsearch stopped 20 s, the broker restarted, a write block
 * on the index for 20 s. At the end it checks the index holds exactly the expected anomalies, the dead-letter topic
 * exactly the malformed input once each ({@code read_committed}), the detectors' heap after a full GC is flat, and
 * reports faults survived, lag peak and takeover times. Exit code 1 when a check fails.
 *
 * <p>{@code -Dbench.soak.minutes} (30), {@code -Dbench.soak.rate} (3000 readings/s),
 * {@code -Dbench.soak.fault-every-seconds} (120), {@code -Dbench.soak.faults} (kill,elasticsearch,broker,write-block),
 * {@code -Dbench.soak.seed} (15), {@code -Dbench.soak.malformed-every} (1000: one reading in 1,000 is malformed),
 * {@code -Dbench.heap} (256m, each detector's).
 */
public final class Soak {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String ID_PREFIX = "soak-";
    private static final String SEQUENCE_HEADER = "x-soak-sequence";
    private static final Duration FAULT_LENGTH = Duration.ofSeconds(20);
    private static final Duration HEAP_SAMPLE_EVERY = Duration.ofSeconds(30);
    /** A process's heap is compared from this age on: class loading and JIT are done. */
    private static final Duration HEAP_WARM_UP = Duration.ofSeconds(60);
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Soak soak = new Soak();
        try {
            soak.run(Integer.getInteger("bench.soak.minutes", 30), Integer.getInteger("bench.soak.rate", 3_000),
                    Integer.getInteger("bench.soak.fault-every-seconds", 120),
                    List.of(System.getProperty("bench.soak.faults", "kill,elasticsearch,broker,write-block").split(",")),
                    Long.getLong("bench.soak.seed", 15), Integer.getInteger("bench.soak.malformed-every", 1_000),
                    System.getProperty("bench.heap", "256m"));
        } catch (Throwable e) {
            soak.failures.add("the soak itself failed: " + e);
            e.printStackTrace();
        }
        soak.report();
        // the shared stack and the app processes are stopped by their shutdown hooks
        System.exit(soak.failures.isEmpty() ? 0 : 1);
    }

    private void run(int minutes, int rate, int faultEverySeconds, List<String> faultKinds, long seed,
                     int malformedEvery, String heap) throws Exception {
        Map<String, String> settings = RunningApp.isolatedSettings();
        String topic = settings.get(BP_TOPIC.property());
        String group = settings.get(BP_GROUP_ID.property());
        String index = settings.get(BP_INDEX.property());
        SharedStack.createTopic(topic, 4);
        int count = rate * minutes * 60;
        figures.putAll(Map.of("minutes", minutes, "rate_per_s", rate, "readings", count,
                "fault_every_s", faultEverySeconds, "seed", seed, "detector_heap", heap));
        Stream stream = new Stream(seed, malformedEvery, topic);

        List<Detector> detectors = List.of(new Detector("soak-a", settings, heap), new Detector("soak-b", settings, heap));
        for (Detector detector : detectors) {
            detector.process.awaitStarted(Duration.ofSeconds(120));
        }
        Sampler sampler = new Sampler(detectors, group, topic);
        sampler.start();
        Random faults = new Random(seed);
        List<Map<String, Object>> injected = new ArrayList<>();
        long started = System.nanoTime();
        try (PacedProducer producer = PacedProducer.stream(count, stream::record, rate)) {
            for (int n = 1; ; n++) {
                long due = started + TimeUnit.SECONDS.toNanos((long) n * faultEverySeconds);
                if (due > started + TimeUnit.MINUTES.toNanos(minutes)) {
                    break;
                }
                Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime())));
                String kind = faultKinds.get(faults.nextInt(faultKinds.size())).trim();
                injected.add(inject(kind, detectors.get(faults.nextInt(detectors.size())), group, topic, index,
                        (System.nanoTime() - started) / 1e9));
            }
            producer.awaitAllAcknowledged(Duration.ofMinutes(10));
            System.out.printf("all %,d readings acknowledged after %.0f s; waiting for the group to commit them%n",
                    count, (System.nanoTime() - started) / 1e9);
            Poll.until(Duration.ofMinutes(20), () -> GroupOffsets.lag(group, topic) == 0, "the group's lag at 0");
            // and the heap once idle, the least disturbed sample
            detectors.forEach(sampler::sampleHeap);
        } finally {
            sampler.stop();
        }
        figures.put("faults", injected);
        figures.put("faults_survived", injected.stream().filter(f -> Boolean.TRUE.equals(f.get("recovered"))).count()
                + " of " + injected.size());
        injected.stream().filter(f -> !Boolean.TRUE.equals(f.get("recovered")))
                .forEach(f -> failures.add("not recovered from " + f));
        figures.put("lag_peak", sampler.lagPeak);
        figures.put("takeover_s", injected.stream().filter(f -> f.containsKey("takeover_s")).map(f -> f.get("takeover_s")).toList());
        for (Detector detector : detectors) {
            if (!detector.process.isAlive()) {
                failures.add(detector.process + " died");
            }
        }
        checkIndex(index, stream);
        checkDeadLetters(settings.get(BP_DLQ_TOPIC.property()), stream);
        checkHeap(sampler.heap);
        for (Detector detector : detectors) {
            detector.process.terminate(Duration.ofSeconds(60));
        }
    }

    // ---- faults

    private Map<String, Object> inject(String kind, Detector victim, String group, String topic, String index,
                                       double atSeconds) throws Exception {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("kind", kind);
        fault.put("at_s", Math.round(atSeconds));
        System.out.printf("%.0f s: fault %s%n", atSeconds, kind);
        switch (kind) {
            case "kill" -> {
                fault.put("detector", victim.name);
                Map<String, Set<Integer>> before = GroupOffsets.assignments(group);
                Map<TopicPartition, Long> committedAtKill = GroupOffsets.committed(group, topic);
                long killed = System.nanoTime();
                victim.restartAfterKill();
                takeover(group, topic, before, committedAtKill, killed).ifPresent(seconds -> fault.put("takeover_s", seconds));
            }
            case "elasticsearch" -> {
                SharedStack.stopElasticsearch();
                Thread.sleep(FAULT_LENGTH.toMillis());
                SharedStack.startElasticsearch();
            }
            case "broker" -> SharedStack.restartKafka();
            case "write-block" -> {
                writeBlock(index, true);
                Thread.sleep(FAULT_LENGTH.toMillis());
                writeBlock(index, false);
            }
            default -> throw new IllegalArgumentException("no fault " + kind
                    + ": kill, elasticsearch, broker, write-block");
        }
        long before = committedTotal(group, topic);
        long ended = System.nanoTime();
        try {
            Poll.until(Duration.ofMinutes(5), () -> committedTotal(group, topic) > before, "progress after " + kind);
            fault.put("recovered", true);
            fault.put("progress_again_after_s", round((System.nanoTime() - ended) / 1e9));
        } catch (AssertionError e) {
            fault.put("recovered", false);
        }
        System.out.println("  " + fault);
        return fault;
    }

    /**
     * From the kill to the first commit on a partition the killed detector held: the partitions of the group members
     * that left, once the group noticed.
     */
    private static java.util.Optional<Double> takeover(String group, String topic, Map<String, Set<Integer>> before,
                                                       Map<TopicPartition, Long> committedAtKill, long killed) {
        double[] seconds = {-1};
        try {
            Poll.until(Duration.ofSeconds(120), () -> {
                Map<String, Set<Integer>> now = GroupOffsets.assignments(group);
                Set<Integer> orphaned = new HashSet<>();
                before.forEach((member, partitions) -> {
                    if (!now.containsKey(member)) {
                        orphaned.addAll(partitions);
                    }
                });
                Map<TopicPartition, Long> committed = GroupOffsets.committed(group, topic);
                for (int partition : orphaned) {
                    TopicPartition tp = new TopicPartition(topic, partition);
                    if (committed.getOrDefault(tp, 0L) > committedAtKill.getOrDefault(tp, 0L)) {
                        seconds[0] = round((System.nanoTime() - killed) / 1e9);
                        return true;
                    }
                }
                return false;
            }, "a commit on the killed detector's partitions");
        } catch (AssertionError e) {
            System.out.println("  no takeover measured: " + e.getMessage());
        }
        return seconds[0] < 0 ? java.util.Optional.empty() : java.util.Optional.of(seconds[0]);
    }

    private static void writeBlock(String index, boolean on) {
        EsHttp.Response response = SharedStack.es().put("/" + index + "/_settings",
                "{\"index\":{\"blocks\":{\"write\":" + on + "}}}");
        if (!response.ok()) {
            throw new IllegalStateException("write block " + on + ": " + response.status() + " " + response.body());
        }
    }

    private static long committedTotal(String group, String topic) throws Exception {
        return GroupOffsets.committed(group, topic).values().stream().mapToLong(Long::longValue).sum();
    }

    // ---- checks

    /** Every indexed id must be an expected anomaly, and every expected anomaly there: ids by search_after, sums by aggregation. */
    private void checkIndex(String index, Stream stream) throws Exception {
        EsHttp es = SharedStack.es();
        es.post("/" + index + "/_refresh", "");
        String pit = JSON.readTree(es.post("/" + index + "/_pit?keep_alive=5m", "").body()).path("id").asText();
        BitSet seen = new BitSet();
        long unexpected = 0;
        long twice = 0;
        String after = null;
        while (true) {
            String query = "{\"size\":10000,\"_source\":false,\"track_total_hits\":false,\"pit\":{\"id\":\"" + pit
                    + "\",\"keep_alive\":\"5m\"},\"sort\":[{\"_shard_doc\":\"asc\"}]"
                    + (after == null ? "" : ",\"search_after\":" + after) + "}";
            JsonNode hits = JSON.readTree(es.post("/_search", query).body()).path("hits").path("hits");
            if (hits.isEmpty()) {
                break;
            }
            for (JsonNode hit : hits) {
                String id = hit.path("_id").asText();
                int sequence = id.startsWith(ID_PREFIX) ? Integer.parseInt(id.substring(ID_PREFIX.length())) : -1;
                if (sequence < 0 || !stream.anomalies.get(sequence)) {
                    unexpected++;
                } else if (seen.get(sequence)) {
                    twice++;
                } else {
                    seen.set(sequence);
                }
            }
            after = hits.get(hits.size() - 1).path("sort").toString();
        }
        JsonNode sums = JSON.readTree(es.post("/" + index + "/_search", "{\"size\":0,\"aggs\":{"
                + "\"systolic\":{\"sum\":{\"field\":\"systolic\"}},\"diastolic\":{\"sum\":{\"field\":\"diastolic\"}}}}")
                .body()).path("aggregations");
        long missing = stream.anomalies.cardinality() - seen.cardinality();
        figures.put("anomalies_expected", stream.anomalies.cardinality());
        figures.put("anomalies_indexed", seen.cardinality() + unexpected + twice);
        figures.put("anomalies_missing", missing);
        figures.put("anomalies_unexpected_or_twice", unexpected + twice);
        if (missing != 0 || unexpected != 0 || twice != 0) {
            failures.add("index: " + missing + " anomalies missing, " + unexpected + " unexpected, " + twice + " twice");
        }
        if ((long) sums.path("systolic").path("value").asDouble() != stream.systolicSum
                || (long) sums.path("diastolic").path("value").asDouble() != stream.diastolicSum) {
            failures.add("index: the values differ from those sent (sums " + sums + ", expected systolic "
                    + stream.systolicSum + ", diastolic " + stream.diastolicSum + ")");
        }
    }

    private void checkDeadLetters(String dlqTopic, Stream stream) {
        BitSet seen = new BitSet();
        long unexpected = 0;
        long twice = 0;
        List<ConsumerRecord<String, byte[]>> deadLetters = KafkaTestClient.readCommitted(dlqTopic, Duration.ofMinutes(5));
        for (ConsumerRecord<String, byte[]> deadLetter : deadLetters) {
            Header header = deadLetter.headers().lastHeader(SEQUENCE_HEADER);
            int sequence = header == null ? -1 : Integer.parseInt(new String(header.value(), StandardCharsets.UTF_8));
            if (sequence < 0 || !stream.malformed.get(sequence)) {
                unexpected++;
            } else if (seen.get(sequence)) {
                twice++;
            } else {
                seen.set(sequence);
            }
        }
        long missing = stream.malformed.cardinality() - seen.cardinality();
        figures.put("malformed_sent", stream.malformed.cardinality());
        figures.put("dead_letters", deadLetters.size());
        figures.put("dead_letters_missing", missing);
        figures.put("dead_letters_twice", twice);
        if (missing != 0 || unexpected != 0 || twice != 0) {
            failures.add("dead-letter topic: " + missing + " malformed readings missing, " + twice + " twice, "
                    + unexpected + " not malformed");
        }
    }

    /**
     * Flat: in every process that lived for six samples or more after its warm-up, the floor of the heap after a full
     * GC (the least of the last third of its samples) is at most 20 % + 8 MiB above the floor of the first third. A
     * leak raises the floor; a backlog (records fetched, batches held through an outage) only raises some samples.
     */
    private void checkHeap(List<HeapSample> samples) {
        Map<Long, List<HeapSample>> byProcess = new LinkedHashMap<>();
        samples.stream().filter(sample -> sample.age().compareTo(HEAP_WARM_UP) >= 0)
                .forEach(sample -> byProcess.computeIfAbsent(sample.pid(), pid -> new ArrayList<>()).add(sample));
        List<String> verdicts = new ArrayList<>();
        for (Map.Entry<Long, List<HeapSample>> process : byProcess.entrySet()) {
            List<HeapSample> warm = process.getValue();
            if (warm.size() < 6) {
                continue;
            }
            int third = warm.size() / 3;
            double first = warm.subList(0, third).stream().mapToDouble(HeapSample::usedMiB).min().orElseThrow();
            double last = warm.subList(warm.size() - third, warm.size()).stream().mapToDouble(HeapSample::usedMiB).min()
                    .orElseThrow();
            String verdict = String.format("pid %d over %d min: %.1f -> %.1f MiB", process.getKey(),
                    warm.get(warm.size() - 1).age().minus(warm.get(0).age()).toMinutes(), first, last);
            verdicts.add(verdict);
            if (last > first * 1.2 + 8) {
                failures.add("heap after GC grew: " + verdict);
            }
        }
        figures.put("heap_after_gc", verdicts.isEmpty()
                ? List.of("too short to judge: no process had 6 samples after " + HEAP_WARM_UP.toSeconds() + " s")
                : verdicts);
        figures.put("heap_samples", samples.stream().map(HeapSample::toString).toList());
    }

    private void report() throws Exception {
        figures.put("checks_failed", failures);
        Path dir = Path.of("target", "benchmark");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("soak.json"), JSON.writeValueAsString(figures));
        System.out.println("soak report (" + dir.resolve("soak.json") + "):");
        figures.forEach((key, value) -> {
            if (!key.equals("heap_samples")) {
                System.out.println("  " + key + ": " + value);
            }
        });
        System.out.println(failures.isEmpty() ? "SOAK PASSED" : "SOAK FAILED: " + failures);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    // ---- the pieces

    /** The readings, made on the producer's thread in order; what they must leave behind, kept as bits. */
    private static final class Stream {
        private final Supplier<Sent> readings;
        private final int malformedEvery;
        private final String topic;
        private final BitSet anomalies = new BitSet();
        private final BitSet malformed = new BitSet();
        private long systolicSum;
        private long diastolicSum;

        Stream(long seed, int malformedEvery, String topic) {
            this.readings = KnownReadings.source(seed, ID_PREFIX);
            this.malformedEvery = malformedEvery;
            this.topic = topic;
        }

        /** Reading {@code sequence}; one in {@code malformedEvery} is a kind of poison, the kinds taken in turn. */
        ProducerRecord<String, byte[]> record(int sequence) {
            Sent reading = readings.get();
            if (sequence % malformedEvery == malformedEvery - 1) {
                malformed.set(sequence);
                List<Poison> kinds = PoisonCorpus.of(reading, Integer.parseInt(
                        io.bpmonitor.config.Setting.BP_MAX_MESSAGE_BYTES.defaultValue()));
                ProducerRecord<String, byte[]> poison = kinds.get((sequence / malformedEvery) % kinds.size()).record(topic);
                poison.headers().add(SEQUENCE_HEADER, String.valueOf(sequence).getBytes(StandardCharsets.UTF_8));
                return poison;
            }
            if (reading.isAnomaly()) {
                anomalies.set(sequence);
                systolicSum += reading.systolic();
                diastolicSum += reading.diastolic();
            }
            return reading.record(topic);
        }
    }

    /** One of the two detectors: a slot whose process is killed and started again, on the same ports. */
    private static final class Detector {
        private final String name;
        private final Map<String, String> settings;
        private final List<String> jvmOptions;
        private volatile AppProcess process;
        private volatile long startedAt;
        private int generation;

        Detector(String name, Map<String, String> shared, String heap) {
            this.name = name;
            this.settings = RunningApp.withOwnPorts(shared);
            settings.put(BP_PROGRESS_INTERVAL_MS.property(), "10000");
            this.jvmOptions = List.of("-Xmx" + heap);
            start();
        }

        private void start() {
            startedAt = System.nanoTime();
            process = AppProcess.start(name + "-" + generation++, settings, jvmOptions);
        }

        void restartAfterKill() {
            process.kill();
            start();
        }
    }

    private record HeapSample(long pid, Duration age, double usedMiB) {
        @Override
        public String toString() {
            return String.format("pid %d at %d s: %.1f MiB", pid, age.toSeconds(), usedMiB);
        }
    }

    /** Every 2 s the group's lag; every 30 s each detector's heap after a full GC ({@code jcmd GC.run}). */
    private static final class Sampler {
        private final List<Detector> detectors;
        private final String group;
        private final String topic;
        private final List<HeapSample> heap = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile long lagPeak;
        private volatile boolean running = true;

        Sampler(List<Detector> detectors, String group, String topic) {
            this.detectors = detectors;
            this.group = group;
            this.topic = topic;
            this.thread = new Thread(this::run, "soak-sampler");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(10_000);
        }

        private void run() {
            long nextHeap = System.nanoTime() + HEAP_SAMPLE_EVERY.toNanos();
            while (running) {
                try {
                    lagPeak = Math.max(lagPeak, GroupOffsets.lag(group, topic));
                } catch (Exception e) {
                    // the broker is being restarted: no sample this time
                }
                if (System.nanoTime() >= nextHeap) {
                    nextHeap += HEAP_SAMPLE_EVERY.toNanos();
                    for (Detector detector : detectors) {
                        sampleHeap(detector);
                    }
                }
                try {
                    // the sampling period, not a synchronisation
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sampleHeap(Detector detector) {
            AppProcess process = detector.process;
            Duration age = Duration.ofNanos(System.nanoTime() - detector.startedAt);
            try {
                jcmd(process.pid(), "GC.run");
                Matcher used = HEAP_USED.matcher(jcmd(process.pid(), "GC.heap_info"));
                if (used.find()) {
                    heap.add(new HeapSample(process.pid(), age, Long.parseLong(used.group(1)) / 1024.0));
                }
            } catch (Exception e) {
                // the process was just killed: no sample this time
            }
        }

        private static String jcmd(long pid, String command) throws Exception {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), command).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
            }
            return output;
        }
    }
}
