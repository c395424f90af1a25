package io.bpmonitor.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where and how the local stack runs: ports, data directory, Elasticsearch heap, JDK and distribution.
 *
 * <p>Default data directory: {@code .local-stack} in the working directory, except when the process runs
 * as root. Elasticsearch refuses to run as root, so it is then started as the unprivileged user
 * {@code nobody}, which must be able to traverse every ancestor of the data directory; a working
 * directory under {@code /root} would not allow that, so for root the default is
 * {@code <java.io.tmpdir>/bp-monitor-local-stack} instead. Override with {@value #DATA_DIR}.
 *
 * <p>A port of {@code 0} means "pick a free port" (used by tests).
 */
public record LocalStackSettings(
        Path dataDir,
        int kafkaPort,
        int kafkaControllerPort,
        int kafkaPartitions,
        int elasticsearchPort,
        int elasticsearchTransportPort,
        String elasticsearchHeap,
        Optional<Path> elasticsearchJavaHome,
        Path elasticsearchDistribution,
        Duration elasticsearchStartTimeout) {

    public static final String ELASTICSEARCH_VERSION = "9.2.0";

    // Setting names: read by fromEnvironment and named in error messages so a user knows what to change.
    public static final String DATA_DIR = "BP_LOCAL_STACK_DIR";
    public static final String KAFKA_PORT = "BP_LOCAL_KAFKA_PORT";
    public static final String KAFKA_CONTROLLER_PORT = "BP_LOCAL_KAFKA_CONTROLLER_PORT";
    public static final String KAFKA_PARTITIONS = "BP_LOCAL_KAFKA_PARTITIONS";
    public static final String ELASTICSEARCH_PORT = "BP_LOCAL_ES_PORT";
    public static final String ELASTICSEARCH_TRANSPORT_PORT = "BP_LOCAL_ES_TRANSPORT_PORT";
    public static final String ELASTICSEARCH_HEAP = "BP_LOCAL_ES_HEAP";
    public static final String ELASTICSEARCH_JAVA_HOME = "BP_LOCAL_ES_JAVA_HOME";
    public static final String ELASTICSEARCH_DISTRIBUTION = "BP_LOCAL_ES_DISTRIBUTION";
    public static final String ELASTICSEARCH_START_TIMEOUT_SECONDS = "BP_LOCAL_ES_START_TIMEOUT_SECONDS";

    public LocalStackSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(elasticsearchHeap, "elasticsearchHeap");
        Objects.requireNonNull(elasticsearchJavaHome, "elasticsearchJavaHome");
        Objects.requireNonNull(elasticsearchDistribution, "elasticsearchDistribution");
        Objects.requireNonNull(elasticsearchStartTimeout, "elasticsearchStartTimeout");
        dataDir = dataDir.toAbsolutePath().normalize();
        elasticsearchDistribution = elasticsearchDistribution.toAbsolutePath().normalize();
        if (kafkaPartitions < 1) {
            throw new IllegalArgumentException(KAFKA_PARTITIONS + " must be at least 1, was " + kafkaPartitions);
        }
    }

    public static LocalStackSettings defaults() {
        return fromEnvironment(Map.of());
    }

    /** Reads the {@code BP_LOCAL_*} settings from the given map (usually {@code System.getenv()}); missing keys take defaults. */
    public static LocalStackSettings fromEnvironment(Map<String, String> env) {
        Function<String, Optional<String>> get = key -> Optional.ofNullable(env.get(key)).map(String::trim).filter(v -> !v.isEmpty());
        return new LocalStackSettings(
                get.apply(DATA_DIR).map(Path::of).orElseGet(LocalStackSettings::defaultDataDir),
                get.apply(KAFKA_PORT).map(v -> parseInt(KAFKA_PORT, v)).orElse(9092),
                get.apply(KAFKA_CONTROLLER_PORT).map(v -> parseInt(KAFKA_CONTROLLER_PORT, v)).orElse(9093),
                get.apply(KAFKA_PARTITIONS).map(v -> parseInt(KAFKA_PARTITIONS, v)).orElse(2),
                get.apply(ELASTICSEARCH_PORT).map(v -> parseInt(ELASTICSEARCH_PORT, v)).orElse(9200),
                get.apply(ELASTICSEARCH_TRANSPORT_PORT).map(v -> parseInt(ELASTICSEARCH_TRANSPORT_PORT, v)).orElse(9300),
                get.apply(ELASTICSEARCH_HEAP).orElse("512m"),
                get.apply(ELASTICSEARCH_JAVA_HOME).map(Path::of),
                get.apply(ELASTICSEARCH_DISTRIBUTION).map(Path::of).orElseGet(LocalStackSettings::defaultDistribution),
                Duration.ofSeconds(get.apply(ELASTICSEARCH_START_TIMEOUT_SECONDS)
                        .map(v -> parseInt(ELASTICSEARCH_START_TIMEOUT_SECONDS, v)).orElse(120)));
    }

    /** See the class comment for why root gets a directory under the system temp dir. */
    public static Path defaultDataDir() {
        return UnprivilegedUser.isCurrentProcessRoot()
                ? Path.of(System.getProperty("java.io.tmpdir"), "bp-monitor-local-stack")
                : Path.of(".local-stack");
    }

    /** Where {@code mvn generate-resources} copies the distribution (see pom.xml). */
    public static Path defaultDistribution() {
        return Path.of("target", "local-stack", "elasticsearch-" + ELASTICSEARCH_VERSION + ".zip");
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + value + "'", e);
        }
    }
}
