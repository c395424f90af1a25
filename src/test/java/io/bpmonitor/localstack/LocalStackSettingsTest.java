package io.bpmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LocalStackSettingsTest {

    @Test
    void defaults() {
        LocalStackSettings s = LocalStackSettings.fromEnvironment(Map.of());
        assertThat(s.kafkaPort()).isEqualTo(9092);
        assertThat(s.kafkaControllerPort()).isEqualTo(9093);
        assertThat(s.kafkaPartitions()).isEqualTo(2);
        assertThat(s.elasticsearchPort()).isEqualTo(9200);
        assertThat(s.elasticsearchTransportPort()).isEqualTo(9300);
        assertThat(s.elasticsearchHeap()).isEqualTo("512m");
        assertThat(s.elasticsearchJavaHome()).isEmpty();
        assertThat(s.elasticsearchDistribution()).endsWith(Path.of("target/local-stack/elasticsearch-9.2.0.zip"));
        assertThat(s.dataDir()).isEqualTo(LocalStackSettings.defaultDataDir().toAbsolutePath().normalize());
    }

    @Test
    void readsOverrides() {
        LocalStackSettings s = LocalStackSettings.fromEnvironment(Map.of(
                LocalStackSettings.DATA_DIR, "/tmp/x",
                LocalStackSettings.KAFKA_PORT, "19092",
                LocalStackSettings.ELASTICSEARCH_HEAP, "1g",
                LocalStackSettings.ELASTICSEARCH_JAVA_HOME, "/opt/jdk21"));
        assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(s.kafkaPort()).isEqualTo(19092);
        assertThat(s.elasticsearchHeap()).isEqualTo("1g");
        assertThat(s.elasticsearchJavaHome()).contains(Path.of("/opt/jdk21"));
    }

    @Test
    void badNumberNamesTheSetting() {
        assertThatThrownBy(() -> LocalStackSettings.fromEnvironment(Map.of(LocalStackSettings.KAFKA_PORT, "ninety")))
                .hasMessageContaining(LocalStackSettings.KAFKA_PORT)
                .hasMessageContaining("ninety");
    }
}
