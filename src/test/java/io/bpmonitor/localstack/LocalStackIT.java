package io.bpmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bpmonitor.testing.EsHttp;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.SharedStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackIT {

    @TempDir
    Path tempDir;

    @Test
    void kafkaRoundTrip() throws Exception {
        SharedStack.createTopic("it-round-trip", 2);
        send("it-round-trip", "k1", "hello");
        assertThat(consumeValues("it-round-trip", "it-round-trip-group", 1)).containsExactly("hello");
    }

    @Test
    void kafkaRestartsOnTheSamePortAndKeepsRecords() throws Exception {
        SharedStack.createTopic("it-restart", 1);
        String before = SharedStack.kafkaBootstrapServers();
        send("it-restart", "k", "before restart");

        SharedStack.restartKafka();

        assertThat(SharedStack.kafkaBootstrapServers()).isEqualTo(before);
        send("it-restart", "k", "after restart");
        assertThat(consumeValues("it-restart", "it-restart-group", 2)).containsExactly("before restart", "after restart");
    }

    @Test
    void elasticsearchIsHealthyAndIndexes() {
        EsHttp es = SharedStack.es();
        EsHttp.Response health = es.get("/_cluster/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).containsAnyOf("\"status\":\"green\"", "\"status\":\"yellow\"");

        SharedStack.deleteIndex("it-docs");
        assertThat(es.put("/it-docs/_doc/1?refresh=true", "{\"systolic\":150}").status()).isEqualTo(201);
        EsHttp.Response doc = es.get("/it-docs/_doc/1");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.body()).contains("\"systolic\":150");
    }

    @Test
    void elasticsearchKeepsDataAcrossStopAndStart() {
        EsHttp es = SharedStack.es();
        SharedStack.deleteIndex("it-durable");
        assertThat(es.put("/it-durable/_doc/1?refresh=true", "{\"n\":1}").status()).isEqualTo(201);

        SharedStack.stopElasticsearch();
        assertThatThrownBy(() -> es.get("/_cluster/health")).isInstanceOf(java.io.UncheckedIOException.class);
        SharedStack.startElasticsearch();

        Poll.until(Duration.ofSeconds(30), () -> es.get("/it-durable/_doc/1").status() == 200, "document survives the restart");
        assertThat(es.get("/it-durable/_doc/1").body()).contains("\"n\":1");
    }

    @Test
    void busyKafkaPortGivesAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> LocalKafka.start(tempDir, port, 0, 1))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining(LocalStackSettings.KAFKA_PORT);
        }
    }

    @Test
    void busyElasticsearchPortGivesAClearError() throws IOException {
        // Elasticsearch runs as nobody under root, so the data dir must be enterable by others.
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            LocalStackSettings defaults = LocalStackSettings.defaults();
            LocalStackSettings s = new LocalStackSettings(tempDir, 0, 0, 1, port, 0, "256m", Optional.empty(),
                    defaults.elasticsearchDistribution(), Duration.ofSeconds(60));
            assertThatThrownBy(() -> LocalElasticsearch.start(s))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining(LocalStackSettings.ELASTICSEARCH_PORT);
        }
    }

    private static void send(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static List<String> consumeValues(String topic, String group, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            Poll.until(Duration.ofSeconds(60), () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= expected;
            }, expected + " record(s) on " + topic);
        }
        return values;
    }
}
