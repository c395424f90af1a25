package io.bpmonitor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.bpmonitor.alerts.AlertEngine;
import io.bpmonitor.detector.ClassifiedReading;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The least any alert engine of the shape costs: the alert engine's Kafka Streams application (exactly-once
 * v2, its commit interval, a standby replica) reading every record of the classified readings topic and every reading
 * in it, and doing nothing else: no state, no output. Run beside a detector with alerts off, it says how much of the
 * detector's throughput any such engine takes on this machine before it does any work of its own.
 *
 * <p>{@code java -cp <test classpath> io.bpmonitor.bench.EngineFloor BROKERS TOPIC APPLICATION_ID STATE_DIR}
 */
public final class EngineFloor {

    private EngineFloor() {
    }

    public static void main(String[] args) throws Exception {
        Topology topology = new Topology();
        topology.addSource("classified-readings", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                args[1]);
        // a new processor per task, as Kafka Streams requires of a supplier
        topology.addProcessor("read", () -> new Processor<byte[], byte[], Void, Void>() {
            @Override
            public void process(Record<byte[], byte[]> record) {
                read(record);
            }
        }, "classified-readings");
        AlertEngine engine = new AlertEngine(new AlertEngine.Config(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, args[0]), args[2], 1, Path.of(args[3])),
                topology, () -> null, () -> { });
        engine.start();
        new CountDownLatch(1).await(); // until killed, like the detector it runs beside
    }

    private static void read(Record<byte[], byte[]> record) {
        if (ClassifiedReading.fromJson(record.value()).isEmpty()) {
            throw new IllegalStateException("a record of the readings topic without a reading");
        }
    }

    /** In a JVM of its own with the detector's heap cap; runs until destroyed. */
    static Process startProcess(String brokers, String topic, String applicationId, Path stateDir, String maxHeap,
                                Path log) throws IOException {
        Files.createDirectories(stateDir);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), EngineFloor.class.getName(),
                brokers, topic, applicationId, stateDir.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
