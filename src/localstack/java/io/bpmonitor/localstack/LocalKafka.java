package io.bpmonitor.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    /**
     * A second, secured listener {@code SECURE} beside the PLAINTEXT one (which tests keep for setup and checks), for
     * tests of bp-monitor against a secured broker. SASL users are SCRAM credentials the caller creates through the
     * PLAINTEXT listener (Admin#alterUserScramCredentials).
     *
     * @param protocol SSL, SASL_PLAINTEXT or SASL_SSL
     * @param scramMechanisms SCRAM-SHA-256 and/or SCRAM-SHA-512 for the SASL protocols
     * @param keystore PKCS12 key store with the broker's key and certificate, for the TLS protocols (else null)
     * @param clientTruststore PKCS12 trust store of client CAs: when set, clients must present a certificate (mutual TLS)
     */
    public record SecureListener(int port, String protocol, List<String> scramMechanisms, Path keystore,
            String keystorePassword, Path clientTruststore, String clientTruststorePassword) {
        @Override
        public String toString() {
            return "SecureListener[" + protocol + " " + scramMechanisms + "]";
        }
    }

    private static final String SECURE_LISTENER = "SECURE";

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final int partitions;
    private final SecureListener secure;
    private KafkaRaftServer server;

    private LocalKafka(Path logDir, int port, int controllerPort, int partitions, SecureListener secure) {
        this.secure = secure;
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.partitions = partitions;
    }

    /** Formats the storage on first use, starts the broker and waits until it answers. Ports of 0 pick free ports. */
    public static LocalKafka start(Path dataDir, int port, int controllerPort, int partitions) {
        return start(dataDir, port, controllerPort, partitions, null);
    }

    /** Like {@link #start(Path, int, int, int)}, with a secured listener too when {@code secure} is not null. */
    public static LocalKafka start(Path dataDir, int port, int controllerPort, int partitions, SecureListener secure) {
        SecureListener listener = secure == null ? null : new SecureListener(PortCheck.freeIfZero(secure.port()),
                secure.protocol(), secure.scramMechanisms(), secure.keystore(), secure.keystorePassword(),
                secure.clientTruststore(), secure.clientTruststorePassword());
        LocalKafka kafka = new LocalKafka(dataDir.toAbsolutePath().normalize().resolve("kafka").resolve("logs"),
                PortCheck.freeIfZero(port), PortCheck.freeIfZero(controllerPort), partitions, listener);
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
        if (secure != null) {
            PortCheck.requireFree(secure.port(), "Kafka secured listener", "the secured listener's port");
        }
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
                // a dead exactly-once producer's open transaction blocks read_committed readers until aborted: look
                // for timed-out transactions every second, not every 10 s, so the alert engine fails over in seconds
                Map.entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"),
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        if (secure != null) {
            addSecureListener(p);
        }
        return p;
    }

    private void addSecureListener(Properties p) {
        String address = SECURE_LISTENER + "://127.0.0.1:" + secure.port();
        p.put("listeners", p.getProperty("listeners") + "," + address);
        p.put("advertised.listeners", p.getProperty("advertised.listeners") + "," + address);
        p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + ","
                + SECURE_LISTENER + ":" + secure.protocol());
        String prefix = "listener.name." + SECURE_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        if (secure.protocol().startsWith("SASL_")) {
            p.put("sasl.enabled.mechanisms", String.join(",", secure.scramMechanisms()));
            for (String mechanism : secure.scramMechanisms()) {
                p.put(prefix + mechanism.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            }
        }
        if (secure.protocol().endsWith("SSL")) {
            p.put(prefix + "ssl.keystore.location", secure.keystore().toString());
            p.put(prefix + "ssl.keystore.password", secure.keystorePassword());
            p.put(prefix + "ssl.key.password", secure.keystorePassword());
            p.put(prefix + "ssl.keystore.type", "PKCS12");
            if (secure.clientTruststore() != null) {
                p.put(prefix + "ssl.client.auth", "required");
                p.put(prefix + "ssl.truststore.location", secure.clientTruststore().toString());
                p.put(prefix + "ssl.truststore.password", secure.clientTruststorePassword());
                p.put(prefix + "ssl.truststore.type", "PKCS12");
            }
        }
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

    /** 127.0.0.1:port of the secured listener; fails when the broker has none. */
    public String secureBootstrapServers() {
        if (secure == null) {
            throw new IllegalStateException("this broker has no secured listener");
        }
        return "127.0.0.1:" + secure.port();
    }

    public Path dataDir() {
        return logDir;
    }

    @Override
    public void close() {
        stop();
    }
}
