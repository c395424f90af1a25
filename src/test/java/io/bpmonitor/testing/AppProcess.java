package io.bpmonitor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.bpmonitor.config.Setting;

/**
 * bp-monitor as a child JVM ({@code java -jar target/bp-monitor.jar}, {@link PackagedJar}), configured the way an
 * operator configures it: through environment variables. A child can be killed for real: {@link #kill()} is SIGKILL
 * on Linux (no shutdown hook, no finally, no last commit), {@link #terminate()} is SIGTERM.
 *
 * <p>Settings are given by property name ({@code bp.topic}, as {@link RunningApp#isolatedSettings()} returns them) and
 * passed as the environment variable {@link Setting} declares for that property ({@code BP_TOPIC}).
 * {@code camel.*} entries are passed as JVM system properties, which camel-main applies on top of the file.
 */
public final class AppProcess implements AutoCloseable {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Path LOG_DIR = Paths.get("target", "app-process-logs");

    static {
        // children must not outlive a test JVM that dies
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "app-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private AppProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Consumer-group timings shortened for tests: a SIGKILLed member is noticed after 6 s (the broker's minimum)
     * instead of camel-kafka's 45 s default, so the restarted or surviving detector gets its partitions quickly.
     */
    public static Map<String, String> fastGroupTimings() {
        Map<String, String> camel = new LinkedHashMap<>();
        camel.put("camel.component.kafka.session-timeout-ms", "6000");
        camel.put("camel.component.kafka.heartbeat-interval-ms", "1000");
        return camel;
    }

    /** Starts the app with {@code settings}; returns at once (see {@link #awaitStarted(Duration)}). */
    public static AppProcess start(String name, Map<String, String> settings) {
        return start(name, settings, List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    /** The same with the JVM's options given: a benchmark runs the app as it would run in production. */
    public static AppProcess start(String name, Map<String, String> settings, List<String> jvmOptions) {
        Map<String, String> envByProperty = environmentVariableNames();
        Map<String, String> env = new HashMap<>();
        List<String> systemProperties = new ArrayList<>();
        settings.forEach((property, value) -> {
            if (property.startsWith("camel.")) {
                systemProperties.add("-D" + property + "=" + value);
                return;
            }
            String variable = envByProperty.get(property);
            if (variable == null) {
                throw new IllegalArgumentException("no environment variable for " + property
                        + " in io.bpmonitor.config.Setting");
            }
            env.put(variable, value);
        });
        // each process an alert engine state of its own, as on separate machines, unless the test shares one on purpose
        env.putIfAbsent(Setting.BP_ALERT_STATE_DIR.name(),
                LOG_DIR.resolveSibling("app-process-state").resolve(name + "-" + System.nanoTime()).toAbsolutePath().toString());
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(systemProperties);
        List<String> command = PackagedJar.command(options);
        try {
            Files.createDirectories(LOG_DIR);
            Path log = LOG_DIR.resolve(name + "-" + System.currentTimeMillis() + ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(Paths.get("").toAbsolutePath().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // only what the test sets: no KAFKA_BROKERS or BP_* leaking in from the machine
            builder.environment().keySet().removeIf(key -> envByProperty.containsValue(key));
            builder.environment().putAll(env);
            Process process = builder.start();
            LIVE.add(process);
            return new AppProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Waits until Camel reports the context started (routes up, consumer subscribing). */
    public AppProcess awaitStarted(Duration timeout) {
        Poll.until(timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail(40));
            }
            return logText().matches("(?s).*Apache Camel \\S+ \\(bp-monitor\\) started.*");
        }, name + " started (log " + log + ")");
        return this;
    }

    /** SIGKILL: the JVM gets no chance to finish, commit or clean up. Returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM: a graceful stop. Returns the exit code once the process is gone. */
    public int terminate(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Waits for the process to end (by a signal sent, or by itself); kills it and fails when it is still running. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " still running " + timeout.toSeconds() + " s after the signal:\n"
                        + tail(40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            LIVE.remove(process);
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Where each of its threads is now ({@code jcmd <pid> Thread.print}), written beside its log: for a test that
     * finds the process stalled, so the stall can be read after the run. Returns the file.
     */
    public Path threadDump() {
        Path dump = log.resolveSibling(log.getFileName() + ".threads-" + System.currentTimeMillis() + ".txt");
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(process.pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(dump.toFile()).start();
            jcmd.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("no thread dump of " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return dump;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Lines of the log that contain {@code text}. */
    public long countLines(String text) {
        return logText().lines().filter(line -> line.contains(text)).count();
    }

    public String tail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }

    /** {@code bp.topic -> BP_TOPIC}, read from the placeholders of application.properties. */
    /** Property to environment variable, as {@link Setting} declares them. */
    static Map<String, String> environmentVariableNames() {
        Map<String, String> names = new HashMap<>();
        for (Setting setting : Setting.values()) {
            names.put(setting.property(), setting.name());
        }
        return names;
    }
}
