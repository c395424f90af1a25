package io.bpmonitor.kafka;

import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_MODE;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_RATE;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_SEED;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_URL;
import static io.bpmonitor.config.Setting.KAFKA_BROKERS;
import static io.bpmonitor.config.Setting.KAFKA_SASL_MECHANISM;
import static io.bpmonitor.config.Setting.KAFKA_SASL_PASSWORD;
import static io.bpmonitor.config.Setting.KAFKA_SASL_USERNAME;
import static io.bpmonitor.config.Setting.KAFKA_SECURITY_PROTOCOL;
import static io.bpmonitor.config.Setting.KAFKA_SSL_KEYSTORE_LOCATION;
import static io.bpmonitor.config.Setting.KAFKA_SSL_KEYSTORE_PASSWORD;
import static io.bpmonitor.config.Setting.KAFKA_SSL_TRUSTSTORE_LOCATION;
import static io.bpmonitor.config.Setting.KAFKA_SSL_TRUSTSTORE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.bpmonitor.config.StartupCheckException;
import io.bpmonitor.localstack.FreePorts;
import io.bpmonitor.localstack.LocalKafka;
import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SecuredRun;
import io.bpmonitor.testing.SharedStack;
import io.bpmonitor.testing.StartFailure;
import io.bpmonitor.testing.TestCertificates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * bp-monitor against a broker whose listener takes SASL_SSL with SCRAM-SHA-256 and requires a client certificate
 * (mutual TLS), all from certificates generated for this run. The broker keeps a PLAINTEXT listener too, which only
 * the test uses, to create the SCRAM user and read what the app wrote. Elasticsearch is the shared plain node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredKafkaIT {

    private static final String USER = "bp-monitor";
    private static final String MECHANISM = "SCRAM-SHA-256";
    private static final String PASSWORD = "sasl-" + UUID.randomUUID();
    private static final String WRONG_PASSWORD = "wrong-" + UUID.randomUUID();
    private static final String TRUSTSTORE_PASSWORD = "trust-" + UUID.randomUUID();
    private static final String KEYSTORE_PASSWORD = "keys-" + UUID.randomUUID();

    private static SecuredRun run;
    private static LocalKafka kafka;
    private static Path truststore;
    private static Path keystore;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        run = SecuredRun.open("bp-monitor-secured-kafka-");
        Path dir = run.dir();
        TestCertificates certificates = TestCertificates.create(dir.resolve("ca"), "bp-monitor test CA");
        String brokerPassword = "broker-" + UUID.randomUUID();
        Path brokerKeystore = certificates.keystore(dir.resolve("broker.p12"), brokerPassword);
        Path clientCas = certificates.truststore(dir.resolve("client-cas.p12"), brokerPassword);
        truststore = certificates.truststore(dir.resolve("app-truststore.p12"), TRUSTSTORE_PASSWORD);
        keystore = certificates.keystore(dir.resolve("app-keystore.p12"), KEYSTORE_PASSWORD);
        kafka = LocalKafka.start(dir.resolve("stack"), 0, 0, 2, new LocalKafka.SecureListener(0, "SASL_SSL",
                List.of(MECHANISM), brokerKeystore, brokerPassword, clientCas, brokerPassword));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192), PASSWORD))).all().get(30, TimeUnit.SECONDS);
        }
        KafkaSecurity security = new KafkaSecurity(KafkaSecurity.Protocol.SASL_SSL, MECHANISM, USER, PASSWORD,
                Optional.of(new KafkaSecurity.Store(truststore.toString(), TRUSTSTORE_PASSWORD, "")),
                Optional.of(new KafkaSecurity.Store(keystore.toString(), KEYSTORE_PASSWORD, "")));
        Poll.until(Duration.ofSeconds(30), () -> {
            org.apache.camel.component.kafka.KafkaConfiguration component = new org.apache.camel.component.kafka.KafkaConfiguration();
            security.applyTo(component);
            component.setBrokers(kafka.secureBootstrapServers());
            KafkaStartupCheck.run(KafkaClients.of(component), security, Duration.ofSeconds(5));
            return true;
        }, "the SCRAM user can log in over SASL_SSL");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            if (run != null) {
                run.close();
            }
        }
    }

    @Test
    @Order(1)
    void simulatorAndDetectorProduceAndConsumeOverSaslSslWithAClientCertificate() throws Exception {
        Map<String, String> settings = settings();
        settings.put(BP_ROUTES.property(), "simulator,detector");
        settings.put(BP_SIMULATOR_RATE.property(), "200");
        settings.put(BP_SIMULATOR_MODE.property(), "stream");
        settings.put(BP_SIMULATOR_SEED.property(), "7");
        try (RunningApp app = RunningApp.start(settings)) {
            Poll.until(Duration.ofSeconds(90), () -> Anomalies.count(settings.get(BP_INDEX.property())) >= 50,
                    "50 anomalies indexed from readings that went through the SASL_SSL listener");
            assertThat(app.counters().produced()).isPositive();
            assertThat(app.counters().consumed()).isPositive();
        }
        assertThat(recordsOn(settings.get(BP_TOPIC.property()))).as("readings on the secured broker's topic")
                .isPositive();
    }

    @Test
    @Order(2)
    void wrongSaslPasswordFailsStartUpNamingThePasswordSetting() {
        Map<String, String> settings = settings();
        settings.put(KAFKA_SASL_PASSWORD.property(), WRONG_PASSWORD);
        long started = System.nanoTime();
        String message = StartFailure.messageOf(StartFailure.of(settings), StartupCheckException.class);
        assertThat(message).contains("KAFKA_SASL_PASSWORD", MECHANISM, kafka.secureBootstrapServers())
                .doesNotContain(WRONG_PASSWORD);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fails fast").isLessThan(Duration.ofSeconds(30));
    }

    @Test
    @Order(3)
    void wrongSaslPasswordGivesOneClearLineFromTheApplication() throws Exception {
        Map<String, String> env = new HashMap<>(StartFailure.freePorts());
        env.put(KAFKA_BROKERS.name(), kafka.secureBootstrapServers());
        env.put(KAFKA_SECURITY_PROTOCOL.name(), "SASL_SSL");
        env.put(KAFKA_SASL_MECHANISM.name(), MECHANISM);
        env.put(KAFKA_SASL_USERNAME.name(), USER);
        env.put(KAFKA_SASL_PASSWORD.name(), WRONG_PASSWORD);
        env.put(KAFKA_SSL_TRUSTSTORE_LOCATION.name(), truststore.toString());
        env.put(KAFKA_SSL_TRUSTSTORE_PASSWORD.name(), TRUSTSTORE_PASSWORD);
        env.put(KAFKA_SSL_KEYSTORE_LOCATION.name(), keystore.toString());
        env.put(KAFKA_SSL_KEYSTORE_PASSWORD.name(), KEYSTORE_PASSWORD);
        env.put(ELASTICSEARCH_URL.name(), SharedStack.elasticsearchUrl());
        env.put(BP_ROUTES.name(), "simulator,detector");
        SecuredRun.FailedStart result = run.failedStart(env);

        assertThat(result.error()).contains("bp-monitor could not start", "KAFKA_SASL_PASSWORD");
        for (String secret : List.of(WRONG_PASSWORD, PASSWORD, TRUSTSTORE_PASSWORD, KEYSTORE_PASSWORD)) {
            assertThat(result.output()).doesNotContain(secret);
        }
    }

    @Test
    @Order(4)
    void missingClientCertificateFailsStartUpNamingTheKeystoreSetting() {
        Map<String, String> settings = settings();
        settings.remove(KAFKA_SSL_KEYSTORE_LOCATION.property());
        settings.remove(KAFKA_SSL_KEYSTORE_PASSWORD.property());
        String message = StartFailure.messageOf(StartFailure.of(settings), StartupCheckException.class);
        assertThat(message).contains("TLS handshake failed", "KAFKA_SSL_KEYSTORE_LOCATION");
    }

    @Test
    @Order(5)
    void unreachableBrokerFailsStartUpNamingTheBrokersSetting() {
        Map<String, String> settings = settings();
        String closed = "127.0.0.1:" + FreePorts.next();
        settings.put(KAFKA_BROKERS.property(), closed);
        String message = StartFailure.messageOf(StartFailure.of(settings), StartupCheckException.class);
        assertThat(message).contains("KAFKA_BROKERS", closed);
    }

    @Test
    @Order(100)
    void noSecretInAnyLogLineOrOutput() {
        run.assertNoneWritten(List.of(PASSWORD, WRONG_PASSWORD, TRUSTSTORE_PASSWORD, KEYSTORE_PASSWORD));
    }

    /** Own topic, group and index; the secured listener with every security setting an operator would give. */
    private static Map<String, String> settings() {
        Map<String, String> settings = RunningApp.isolatedSettings(kafka.secureBootstrapServers(), SharedStack.elasticsearchUrl());
        settings.put(KAFKA_SECURITY_PROTOCOL.property(), "SASL_SSL");
        settings.put(KAFKA_SASL_MECHANISM.property(), MECHANISM);
        settings.put(KAFKA_SASL_USERNAME.property(), USER);
        settings.put(KAFKA_SASL_PASSWORD.property(), PASSWORD);
        settings.put(KAFKA_SSL_TRUSTSTORE_LOCATION.property(), truststore.toString());
        settings.put(KAFKA_SSL_TRUSTSTORE_PASSWORD.property(), TRUSTSTORE_PASSWORD);
        settings.put(KAFKA_SSL_KEYSTORE_LOCATION.property(), keystore.toString());
        settings.put(KAFKA_SSL_KEYSTORE_PASSWORD.property(), KEYSTORE_PASSWORD);
        return settings;
    }

    /** Records on the topic, read through the broker's PLAINTEXT listener. */
    private static int recordsOn(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        int[] count = {0};
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(topic));
            Poll.until(Duration.ofSeconds(30), () -> {
                count[0] += consumer.poll(Duration.ofMillis(200)).count();
                return count[0] > 0;
            }, "records on " + topic);
        }
        return count[0];
    }
}
