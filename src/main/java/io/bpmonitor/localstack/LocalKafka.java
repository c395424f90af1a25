package io.bpmonitor.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka (broker and controller in one) running inside this JVM, bound to 127.0.0.1.
 * Its log directory is {@code <dataDir>/kafka/logs}; {@link #stop()} and {@link #start()} may alternate on
 * the same ports and data.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final int partitions;
    private KafkaRaftServer server;

    private LocalKafka(Path logDir, int port, int controllerPort, int partitions) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.partitions = partitions;
    }

    /** Formats the storage on first use, starts the broker and waits until it answers. Ports of 0 pick free ports. */
    public static LocalKafka start(Path dataDir, int port, int controllerPort, int partitions) {
        LocalKafka kafka = new LocalKafka(dataDir.toAbsolutePath().normalize().resolve("kafka").resolve("logs"),
                PortCheck.freeIfZero(port), PortCheck.freeIfZero(controllerPort), partitions);
        kafka.start();
        return kafka;
    }

    /** Starts again after {@link #stop()}. No-op when running. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        PortCheck.requireFree(port, "Kafka", LocalStackSettings.KAFKA_PORT);
        PortCheck.requireFree(controllerPort, "Kafka controller", LocalStackSettings.KAFKA_CONTROLLER_PORT);
        long started = System.nanoTime();
        preventJvmExit();
        KafkaRaftServer starting = null;
        try {
            Properties config = brokerProperties();
            KafkaStorage.formatIfNeeded(logDir, config);
            starting = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
            starting.startup();
            awaitReady();
        } catch (Exception e) {
            if (starting != null) {
                shutdown(starting);
            }
            throw new IllegalStateException("Kafka did not start on " + bootstrapServers() + " (data " + logDir + "): " + e, e);
        }
        server = starting;
        LOG.info("Kafka up at {} (data {}, in-process pid {}, started in {} ms)",
                bootstrapServers(), logDir, ProcessHandle.current().pid(), (System.nanoTime() - started) / 1_000_000);
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"),
                Map.entry("controller.listener.names", CONTROLLER_LISTENER),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                Map.entry("num.partitions", String.valueOf(partitions)),
                Map.entry("auto.create.topics.enable", "true"),
                // One broker: internal topics cannot be replicated, and few partitions keep the first consumer group fast.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        return p;
    }

    private void awaitReady() throws Exception {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (true) {
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000)).nodes().get(6, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw e;
                    }
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("broker reported no nodes within " + READY_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
        }
    }

    /** Kafka calls Exit.exit/halt on fatal errors; in an embedded broker that would kill the whole app or test JVM. */
    private static void preventJvmExit() {
        Exit.setExitProcedure((status, message) -> {
            LOG.error("Embedded Kafka asked to exit the JVM with status {}: {}", status, message);
            throw new IllegalStateException("Embedded Kafka asked to exit: " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            LOG.error("Embedded Kafka asked to halt the JVM with status {}: {}", status, message);
            throw new IllegalStateException("Embedded Kafka asked to halt: " + message);
        });
    }

    /** Shuts the broker down (data kept). No-op when stopped. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        shutdown(server);
        server = null;
    }

    private static void shutdown(KafkaRaftServer s) {
        s.shutdown();
        s.awaitShutdown();
    }

    public void restart() {
        stop();
        start();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return logDir;
    }

    @Override
    public void close() {
        stop();
    }
}
