package io.bpmonitor.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.bpmonitor.tls.PemCertificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Elasticsearch run as a child process from the distribution zip, bound to 127.0.0.1.
 *
 * <p>Layout under {@code <dataDir>/elasticsearch}: the unpacked distribution (its {@code config/} gets our
 * elasticsearch.yml), {@code data/}, {@code tmp/}, and {@code logs/} (including {@code console.log}, the
 * process output, which is kept out of our stdout). {@link #stop()} and {@link #start()} may alternate; data survives.
 */
public final class LocalElasticsearch implements AutoCloseable {

    /**
     * Security on, for tests of bp-monitor against a secured cluster: HTTPS with the given PEM certificate and key
     * (signed by {@code caCertificate}), and a file-realm superuser. The caller generates the certificates.
     */
    public record Secured(Path caCertificate, Path nodeCertificate, Path nodeKey, String username, String password) {
        @Override
        public String toString() {
            return "Secured[ca=" + caCertificate + ", user=" + username + "]";
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LocalElasticsearch.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path stackDir;
    private final Path distribution;
    private final Path dataDir;
    private final Path logsDir;
    private final Path javaHome;
    private final int port;
    private final int transportPort;
    private final String heap;
    private final Duration startTimeout;
    private final boolean runAsNobody;
    private final Secured secured;
    private final Thread shutdownHook = new Thread(this::stopQuietly, "local-elasticsearch-shutdown");
    // volatile: the shutdown hook reads it without the lock, which a start() still waiting for health holds.
    private volatile Process process;

    private LocalElasticsearch(LocalStackSettings s, Path stackDir, Path javaHome, int port, int transportPort, boolean runAsNobody,
            Secured secured) {
        this.secured = secured;
        this.stackDir = stackDir;
        this.distribution = s.elasticsearchDistribution();
        this.dataDir = stackDir.resolve("data");
        this.logsDir = stackDir.resolve("logs");
        this.javaHome = javaHome;
        this.port = port;
        this.transportPort = transportPort;
        this.heap = s.elasticsearchHeap();
        this.startTimeout = s.elasticsearchStartTimeout();
        this.runAsNobody = runAsNobody;
    }

    /** Starts Elasticsearch (unpacking the distribution on first use) and waits until it is yellow. Ports of 0 pick free ports. */
    public static LocalElasticsearch start(LocalStackSettings s) {
        return start(s, null);
    }

    /** Like {@link #start(LocalStackSettings)}, with security on when {@code secured} is not null. */
    public static LocalElasticsearch start(LocalStackSettings s, Secured secured) {
        Path stackDir = s.dataDir().resolve("elasticsearch");
        Path javaHome = JavaRuntimeFinder.find(s.elasticsearchJavaHome());
        boolean runAsNobody = UnprivilegedUser.isCurrentProcessRoot();
        try {
            Files.createDirectories(stackDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + stackDir + " (set " + LocalStackSettings.DATA_DIR + ")", e);
        }
        if (runAsNobody) {
            UnprivilegedUser.requireTraversable(s.dataDir(), LocalStackSettings.DATA_DIR);
            UnprivilegedUser.requireTraversable(javaHome, LocalStackSettings.ELASTICSEARCH_JAVA_HOME);
        }
        LocalElasticsearch es = new LocalElasticsearch(s, stackDir, javaHome,
                PortCheck.freeIfZero(s.elasticsearchPort()), PortCheck.freeIfZero(s.elasticsearchTransportPort()), runAsNobody,
                secured);
        Runtime.getRuntime().addShutdownHook(es.shutdownHook);
        try {
            es.start();
        } catch (RuntimeException e) {
            es.close();
            throw e;
        }
        return es;
    }

    /** Starts again after {@link #stop()}, on the same ports and data. No-op when running. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        PortCheck.requireFree(port, "Elasticsearch HTTP", LocalStackSettings.ELASTICSEARCH_PORT);
        PortCheck.requireFree(transportPort, "Elasticsearch transport", LocalStackSettings.ELASTICSEARCH_TRANSPORT_PORT);
        long started = System.nanoTime();
        Path home = ZipUnpacker.unpackOnce(distribution, stackDir, LocalStackSettings.ELASTICSEARCH_DISTRIBUTION);
        Path consoleLog = logsDir.resolve("console.log");
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logsDir);
            Files.createDirectories(tmpDir());
            Files.writeString(home.resolve("config/elasticsearch.yml"),
                    ElasticsearchConfig.render(port, transportPort, dataDir, logsDir, secured != null), StandardCharsets.UTF_8);
            if (secured != null) {
                installSecurity(home, consoleLog);
            }
            if (runAsNobody) {
                // The server writes its keystore into config/ and needs data/ and logs/.
                UnprivilegedUser.chownRecursively(stackDir);
            }
            process = processBuilder(home, consoleLog).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not launch Elasticsearch from " + home, e);
        }
        try {
            if (secured == null) {
                HealthWait.awaitYellow(url(), process, startTimeout, consoleLog);
            } else {
                HealthWait.awaitYellow(url(), httpClient(), authorization(), process, startTimeout, consoleLog);
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        LOG.info("Elasticsearch up at {} (data {}, pid {}, Java {}, started in {} ms)",
                url(), dataDir, process.pid(), javaHome, (System.nanoTime() - started) / 1_000_000);
    }

    /** Copies the certificates into config/certs and adds the superuser to the file realm (once). */
    private void installSecurity(Path home, Path consoleLog) throws IOException {
        Path certs = home.resolve("config/certs");
        Files.createDirectories(certs);
        Files.copy(secured.nodeCertificate(), home.resolve("config").resolve(ElasticsearchConfig.SECURED_CERTIFICATE),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(secured.nodeKey(), home.resolve("config").resolve(ElasticsearchConfig.SECURED_KEY),
                StandardCopyOption.REPLACE_EXISTING);
        Path users = home.resolve("config/users");
        if (Files.exists(users) && Files.readAllLines(users).stream().anyMatch(l -> l.startsWith(secured.username() + ":"))) {
            return;
        }
        addUser(home, consoleLog, secured.username(), secured.password(), "superuser");
    }

    /**
     * A file-realm user of a secured node with the given role (a built-in one, or one of {@link #writeRoles}); the
     * running node picks it up within seconds.
     */
    public synchronized void addFileUser(String username, String password, String role) {
        Path home = ZipUnpacker.unpackOnce(distribution, stackDir, LocalStackSettings.ELASTICSEARCH_DISTRIBUTION);
        try {
            addUser(home, logsDir.resolve("console.log"), username, password, role);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        handToNobody();
    }

    /** Replaces the file-realm roles ({@code config/roles.yml}) of a secured node; the running node reloads them. */
    public synchronized void writeRoles(String rolesYaml) {
        Path home = ZipUnpacker.unpackOnce(distribution, stackDir, LocalStackSettings.ELASTICSEARCH_DISTRIBUTION);
        try {
            Files.writeString(home.resolve("config/roles.yml"), rolesYaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        handToNobody();
    }

    private void handToNobody() {
        if (runAsNobody) {
            UnprivilegedUser.chownRecursively(stackDir);
        }
    }

    private void addUser(Path home, Path consoleLog, String username, String password, String role) throws IOException {
        // runs as this user, before the directory is handed to nobody; the password is on its command line only
        Process tool = processBuilder(home, consoleLog, false, List.of(home.resolve("bin/elasticsearch-users").toString(),
                "useradd", username, "-p", password, "-r", role)).start();
        try {
            if (!tool.waitFor(startTimeout.toSeconds(), TimeUnit.SECONDS) || tool.exitValue() != 0) {
                tool.destroyForcibly();
                throw new IllegalStateException("elasticsearch-users could not add user " + username
                        + "; last lines of " + consoleLog + ":\n" + LogTail.lastLines(consoleLog, 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while adding the Elasticsearch user", e);
        }
    }

    private HttpClient httpClient() {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                    .sslContext(PemCertificates.sslContextTrusting(secured.caCertificate())).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot trust " + secured.caCertificate() + ": " + e.getMessage(), e);
        }
    }

    private String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString(
                (secured.username() + ":" + secured.password()).getBytes(StandardCharsets.UTF_8));
    }

    private ProcessBuilder processBuilder(Path home, Path consoleLog) {
        return processBuilder(home, consoleLog, runAsNobody, List.of(home.resolve("bin/elasticsearch").toString()));
    }

    private ProcessBuilder processBuilder(Path home, Path consoleLog, boolean asNobody, List<String> tool) {
        List<String> command = new ArrayList<>();
        if (asNobody) {
            command.addAll(UnprivilegedUser.commandPrefix());
        }
        command.addAll(tool);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()));
        Map<String, String> env = builder.environment();
        // The launcher warns about (and some JVMs would apply) these; ES takes its JVM settings from ES_JAVA_OPTS only.
        env.remove("JAVA_HOME");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        env.remove("JAVA_OPTS");
        env.remove("ES_PATH_CONF");
        env.put("ES_JAVA_HOME", javaHome.toString());
        env.put("ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
        // Keep the launcher's and server's temp dirs inside the stack dir instead of littering the system temp dir.
        env.put("ES_TMPDIR", tmpDir().toString());
        env.put("CLI_JAVA_OPTS", "-Djava.io.tmpdir=" + tmpDir());
        return builder;
    }

    private Path tmpDir() {
        return stackDir.resolve("tmp");
    }

    /** Stops the process tree (politely, then forcibly); data is kept. No-op when stopped. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ProcessTree.stop(process.toHandle(), STOP_GRACE);
        process = null;
    }

    public void restart() {
        stop();
        start();
    }

    /** http://127.0.0.1:port, or https:// when secured */
    public String url() {
        return (secured == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Pid of the launcher process (the server JVM is its child); -1 when stopped. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running or has run
        }
    }

    private void stopQuietly() {
        Process running = process;
        if (running != null) {
            ProcessTree.stop(running.toHandle(), Duration.ofSeconds(10));
        }
    }
}
