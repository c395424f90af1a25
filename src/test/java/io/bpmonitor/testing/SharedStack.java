package io.bpmonitor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import io.bpmonitor.localstack.LocalElasticsearch;
import io.bpmonitor.localstack.LocalKafka;
import io.bpmonitor.localstack.LocalStack;
import io.bpmonitor.localstack.LocalStackSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * One Kafka and one Elasticsearch for the whole test JVM, each started on first use on free ports in a
 * fresh temp directory, and stopped (directory deleted) by a shutdown hook. Tests share them, so they
 * use their own topic and index names.
 */
public final class SharedStack {

    // volatile: the shutdown hook reads them without the lock, which a test may hold while a service starts.
    private static volatile Path dataDir;
    private static volatile LocalStackSettings settings;
    private static volatile LocalKafka kafka;
    private static volatile LocalElasticsearch elasticsearch;

    private SharedStack() {
    }

    public static synchronized String kafkaBootstrapServers() {
        return kafka().bootstrapServers();
    }

    public static synchronized String elasticsearchUrl() {
        return elasticsearch().url();
    }

    public static EsHttp es() {
        return new EsHttp(elasticsearchUrl());
    }

    /** Stops Elasticsearch (data kept) to simulate an outage; {@link #startElasticsearch()} brings it back. */
    public static synchronized void stopElasticsearch() {
        elasticsearch().stop();
    }

    /** Starts Elasticsearch again on the same port and data, waiting until it is yellow. */
    public static synchronized void startElasticsearch() {
        elasticsearch().start();
    }

    /** Stops the broker (data kept) to simulate an outage; {@link #startKafka()} brings it back. */
    public static synchronized void stopKafka() {
        kafka().stop();
    }

    public static synchronized void startKafka() {
        kafka().start();
    }

    /** Stops and starts the broker on the same port and data. */
    public static synchronized void restartKafka() {
        kafka().restart();
    }

    /** Creates the topic unless it exists, and returns once the broker reports it. */
    public static void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers()))) {
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create topic " + name, e);
                }
            }
            Poll.until(Duration.ofSeconds(30),
                    () -> admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().size() == partitions,
                    "topic " + name + " with " + partitions + " partitions");
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("Could not create topic " + name, e);
        }
    }

    /** Deletes the index (or pattern); a missing index is fine. */
    public static void deleteIndex(String name) {
        EsHttp.Response response = es().delete("/" + name);
        if (!response.ok() && response.status() != 404) {
            throw new IllegalStateException("DELETE /" + name + " answered " + response.status() + ": " + response.body());
        }
    }

    private static LocalKafka kafka() {
        if (kafka == null) {
            LocalStackSettings s = settings();
            kafka = LocalKafka.start(s.dataDir(), s.kafkaPort(), s.kafkaControllerPort(), s.kafkaPartitions());
        }
        return kafka;
    }

    private static LocalElasticsearch elasticsearch() {
        if (elasticsearch == null) {
            elasticsearch = LocalElasticsearch.start(settings());
        }
        return elasticsearch;
    }

    /**
     * A stack in {@code dataDir} (created, and enterable by Elasticsearch) with every port free-chosen, the rest
     * (heap, distribution, ...) from the environment as for the app's own local stack.
     */
    public static LocalStackSettings settingsOnFreePorts(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            // Elasticsearch runs as nobody when tests run as root: it must be able to enter this directory.
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalStackSettings env = LocalStackSettings.fromEnvironment(System.getenv());
        return new LocalStackSettings(dataDir, 0, 0, env.kafkaPartitions(), 0, 0, env.elasticsearchHeap(),
                env.elasticsearchJavaHome(), env.elasticsearchDistribution(), env.elasticsearchStartTimeout());
    }

    private static LocalStackSettings settings() {
        if (settings == null) {
            try {
                dataDir = Files.createTempDirectory("bp-monitor-it-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            settings = settingsOnFreePorts(dataDir);
            Runtime.getRuntime().addShutdownHook(new Thread(SharedStack::shutdown, "shared-stack-shutdown"));
        }
        return settings;
    }

    private static void shutdown() {
        try {
            // the same order and failure handling as the app's own local stack
            LocalStack.of(kafka, elasticsearch).close();
        } finally {
            deleteQuietly(dataDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: it is a temp directory
        }
    }
}
