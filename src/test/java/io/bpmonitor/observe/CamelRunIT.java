package io.bpmonitor.observe;

import static io.bpmonitor.config.Setting.BP_ALERT_APPLICATION_ID;
import static io.bpmonitor.config.Setting.BP_ALERT_INDEX;
import static io.bpmonitor.config.Setting.BP_ALERT_PROJECTION_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_ALERT_TOPIC;
import static io.bpmonitor.config.Setting.BP_BOARD_PORT;
import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_MANAGEMENT_PORT;
import static io.bpmonitor.config.Setting.BP_READINGS_TOPIC;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_URL;
import static io.bpmonitor.config.Setting.KAFKA_BROKERS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.bpmonitor.deadletter.DeadLetterHeaders;
import io.bpmonitor.localstack.FreePorts;
import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.SharedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented {@code camel run} command, run by Camel JBang ({@code CamelJBangMain}, the {@code camel} CLI) in a
 * child JVM against the shared Kafka and Elasticsearch: the YAML detector route with bp-monitor's jar for its beans
 * and Java routes indexes exactly the anomalies of a known set. JBang may fetch components from Maven Central on a
 * machine that has not built the project before, hence the generous deadline.
 */
class CamelRunIT {

    private static final Duration DEADLINE = Duration.ofMinutes(4);

    @Test
    void camelRunIndexesTheAnomalies(@TempDir Path workDir) throws Exception {
        Path jar = Path.of("target", "bp-monitor.jar").toAbsolutePath();
        assertThat(jar).as("the application jar: run `./mvnw package` (verify does) before this test").exists();
        // the user's working copy: the routes and the settings, as in the repository
        Files.createDirectories(workDir.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, workDir.resolve("routes").resolve(file.getFileName()));
            }
        }
        Files.copy(Path.of("src/main/resources/application.properties"), workDir.resolve("application.properties"));

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = "bp-camel-run-" + suffix;
        String index = "bp_camel_run_" + suffix;
        SharedStack.createTopic(topic, 2);
        List<Sent> readings = KnownReadings.generate(500, 5);
        long anomalies = readings.stream().filter(Sent::isAnomaly).count();
        KafkaTestClient.send(topic, KnownReadings.records(topic, readings));

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp", cliClasspath(),
                // camel-jbang-core has the CLI but no main(): a one-line launcher, run as a source file
                launcher(workDir).toString(),
                // the README's command
                "run", "routes/detector.yaml", "application.properties", jar.toString(),
                // not the default dev profile: its standby backlog tracer fails ("Queue full") on polls of 100+ records
                "--profile=prod"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        Path log = Path.of("target", "camel-run-it.log").toAbsolutePath();
        builder.redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put(KAFKA_BROKERS.name(), SharedStack.kafkaBootstrapServers());
        env.put(ELASTICSEARCH_URL.name(), SharedStack.elasticsearchUrl());
        env.put(BP_TOPIC.name(), topic);
        env.put(BP_DLQ_TOPIC.name(), topic + "-dlq");
        env.put(BP_GROUP_ID.name(), "bp-camel-run-" + suffix);
        env.put(BP_INDEX.name(), index);
        env.put(BP_READINGS_TOPIC.name(), topic + "-readings");
        env.put(BP_ALERT_TOPIC.name(), topic + "-alerts");
        env.put(BP_ALERT_INDEX.name(), index + "_alerts");
        env.put(BP_ALERT_APPLICATION_ID.name(), "bp-camel-run-alerts-" + suffix);
        env.put(BP_ALERT_PROJECTION_GROUP_ID.name(), "bp-camel-run-projection-" + suffix);
        env.put(BP_ROUTES.name(), "detector");
        env.put(BP_MANAGEMENT_PORT.name(), String.valueOf(FreePorts.next()));
        env.put(BP_BOARD_PORT.name(), String.valueOf(FreePorts.next()));
        long started = System.nanoTime();
        Process camel = builder.start();
        try {
            Poll.until(DEADLINE, () -> {
                if (!camel.isAlive()) {
                    throw new AssertionError("camel run exited with " + camel.exitValue() + ":\n" + tail(log));
                }
                return Anomalies.count(index) == anomalies;
            }, "camel run indexing " + anomalies + " anomalies into " + index + " (its output: " + log + ")");
            System.out.println("CamelRunIT: camel run indexed " + anomalies + " anomalies in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            assertThat(Anomalies.all(index).keySet()).containsExactlyInAnyOrderElementsOf(
                    readings.stream().filter(Sent::isAnomaly).map(Sent::id).toList());
            assertThat(Files.readString(log)).contains("bp-monitor");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- dead letters ---\n" + deadLetterReasons(topic + "-dlq")
                    + "\n--- camel run output (tail) ---\n" + tail(log), e);
        } finally {
            camel.destroy();
            if (!camel.waitFor(40, TimeUnit.SECONDS)) {
                camel.descendants().forEach(ProcessHandle::destroyForcibly);
                camel.destroyForcibly();
            }
        }
    }

    /** What the {@code camel} script runs: {@code CamelJBangMain.run(args)}. */
    private static Path launcher(Path dir) throws Exception {
        Path source = dir.resolve("CamelCli.java");
        Files.writeString(source, "public class CamelCli { public static void main(String[] args) { "
                + "org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args); } }\n");
        return source;
    }

    /** The test classpath without the project's own classes or jar: those come from the jar given to run, as for a user. */
    private static String cliClasspath() {
        Path target = Path.of("target").toAbsolutePath();
        // failsafe starts tests through a manifest-only jar and hands the real classpath over in this property
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank() && !Path.of(entry).toAbsolutePath().startsWith(target))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** The distinct reasons on the dead-letter topic, when the run dead-lettered what it should have indexed. */
    private static String deadLetterReasons(String dlq) {
        try {
            return KafkaTestClient.readAll(dlq, 1_000, Duration.ofSeconds(5)).stream()
                    .map(record -> {
                        var reason = record.headers().lastHeader(DeadLetterHeaders.REASON);
                        var type = record.headers().lastHeader(DeadLetterHeaders.ERROR_CLASS);
                        return (type == null ? "?" : new String(type.value())) + ": "
                                + (reason == null ? "?" : new String(reason.value()));
                    })
                    .distinct().limit(5).collect(Collectors.joining("\n"));
        } catch (Exception e) {
            return "(could not read " + dlq + ": " + e + ")";
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (Exception e) {
            return "(no output: " + e + ")";
        }
    }
}
