package io.bpmonitor.elasticsearch;

import static io.bpmonitor.config.Setting.BP_ALERT_INDEX;
import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_MANAGEMENT_PORT;
import static io.bpmonitor.config.Setting.BP_AUDIT_INDEX;
import static io.bpmonitor.config.Setting.BP_PATIENT_DAYS_INDEX;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_API_KEY;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_CA_CERT;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_PASSWORD;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_URL;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_USERNAME;
import static io.bpmonitor.config.Setting.KAFKA_BROKERS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.config.StartupCheckException;
import io.bpmonitor.localstack.FreePorts;
import io.bpmonitor.localstack.LocalElasticsearch;
import io.bpmonitor.testing.EsHttp;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.PacedProducer;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SecuredRun;
import io.bpmonitor.testing.SharedStack;
import io.bpmonitor.testing.StartFailure;
import io.bpmonitor.testing.TestCertificates;
import io.bpmonitor.tls.PemCertificates;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * bp-monitor against an Elasticsearch with security on: HTTPS with a CA generated for this run, a user with a
 * password, and an API key. One secured node serves every test of the class; Kafka is the shared plain broker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredElasticsearchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "bp_admin";
    // generated per run, so a leak cannot hide behind a string that happens to be elsewhere
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String WRONG_PASSWORD = "wrong-" + UUID.randomUUID();
    /** A file-realm user with a role of exactly the detector's privileges (docs/security.md). */
    private static final String WRITER = "bp_writer";
    private static final String WRITER_PASSWORD = "writer-" + UUID.randomUUID();
    private static final String API_KEY_SECRET = "key-" + UUID.randomUUID();
    private static final String FORGED_API_KEY =
            Base64.getEncoder().encodeToString(("bogus-id:" + API_KEY_SECRET).getBytes(StandardCharsets.UTF_8));

    private static SecuredRun run;
    private static TestCertificates certificates;
    private static TestCertificates rogue;
    private static LocalElasticsearch elasticsearch;
    private static HttpClient https;

    @BeforeAll
    static void startSecuredElasticsearch() throws Exception {
        run = SecuredRun.open("bp-monitor-secured-es-");
        Path dir = run.dir();
        // Elasticsearch runs as nobody when tests run as root: it must be able to enter this directory
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        certificates = TestCertificates.create(dir.resolve("ca"), "bp-monitor test CA");
        rogue = TestCertificates.create(dir.resolve("rogue"), "some other CA");
        elasticsearch = LocalElasticsearch.start(SharedStack.settingsOnFreePorts(dir.resolve("stack")),
                new LocalElasticsearch.Secured(certificates.caCertificate(), certificates.certificate(), certificates.key(),
                        USER, PASSWORD));
        https = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .sslContext(PemCertificates.sslContextTrusting(certificates.caCertificate())).build();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (elasticsearch != null) {
                elasticsearch.close();
            }
        } finally {
            if (run != null) {
                run.close();
            }
        }
    }

    @Test
    @Order(1)
    void indexesAnomaliesWithBasicAuthAndCaCertificate() throws Exception {
        Map<String, String> settings = settings();
        settings.put(ELASTICSEARCH_USERNAME.property(), USER);
        settings.put(ELASTICSEARCH_PASSWORD.property(), PASSWORD);
        indexesKnownAnomalies(settings);
    }

    /*
     * No positive API-key run here: this distribution (integ-test-zip) lacks the analysis-common module that the
     * .security index mapping needs, so it cannot create or store API keys. ElasticsearchClientsTest checks the
     * ApiKey header and CA-only trust against a TLS stand-in; the wrong-key test below runs against this node.
     */
    @Test
    @Order(2)
    void caCertificateWithoutCredentialsFailsStartUpNamingTheCredentialSettings() {
        String message = StartFailure.messageOf(StartFailure.of(settings()), StartupCheckException.class);
        assertThat(message).contains("requires authentication", "ELASTICSEARCH_USERNAME", "ELASTICSEARCH_API_KEY");
    }

    @Test
    @Order(3)
    void wrongPasswordFailsStartUpNamingThePasswordSetting() {
        Map<String, String> settings = settings();
        settings.put(ELASTICSEARCH_USERNAME.property(), USER);
        settings.put(ELASTICSEARCH_PASSWORD.property(), WRONG_PASSWORD);
        String message = StartFailure.messageOf(StartFailure.of(settings), StartupCheckException.class);
        assertThat(message).contains("ELASTICSEARCH_PASSWORD", "HTTP 401", elasticsearch.url()).doesNotContain(WRONG_PASSWORD);
    }

    @Test
    @Order(4)
    void wrongPasswordGivesOneClearLineFromTheApplication() throws Exception {
        Map<String, String> env = new HashMap<>(StartFailure.freePorts());
        env.put(KAFKA_BROKERS.name(), SharedStack.kafkaBootstrapServers());
        env.put(ELASTICSEARCH_URL.name(), elasticsearch.url());
        env.put(ELASTICSEARCH_USERNAME.name(), USER);
        env.put(ELASTICSEARCH_PASSWORD.name(), WRONG_PASSWORD);
        env.put(ELASTICSEARCH_CA_CERT.name(), certificates.caCertificate().toString());
        env.put(BP_ROUTES.name(), "detector");
        SecuredRun.FailedStart result = run.failedStart(env);

        assertThat(result.error()).contains("bp-monitor could not start", "ELASTICSEARCH_PASSWORD", "HTTP 401");
        assertThat(result.output()).as("no stack trace").doesNotContain("\tat ");
        assertThat(result.output()).doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
    }

    @Test
    @Order(5)
    void unknownCaFailsStartUpNamingTheCaSetting() {
        Map<String, String> settings = settings();
        settings.put(ELASTICSEARCH_USERNAME.property(), USER);
        settings.put(ELASTICSEARCH_PASSWORD.property(), PASSWORD);
        settings.put(ELASTICSEARCH_CA_CERT.property(), rogue.caCertificate().toString());
        String message = StartFailure.messageOf(StartFailure.of(settings), StartupCheckException.class);
        assertThat(message).contains("ELASTICSEARCH_CA_CERT", rogue.caCertificate().toString()).doesNotContain(PASSWORD);
    }

    @Test
    @Order(6)
    void wrongApiKeyFailsStartUpNamingTheApiKeySetting() {
        Map<String, String> settings = settings();
        settings.put(ELASTICSEARCH_API_KEY.property(), FORGED_API_KEY);
        String message = StartFailure.messageOf(StartFailure.of(settings), StartupCheckException.class);
        assertThat(message).contains("ELASTICSEARCH_API_KEY", "HTTP 401").doesNotContain(FORGED_API_KEY).doesNotContain(API_KEY_SECRET);
    }

    @Test
    @Order(7)
    void unreachableHostFailsStartUpNamingTheUrlSetting() {
        Map<String, String> settings = settings();
        String closed = "https://127.0.0.1:" + FreePorts.next();
        settings.put(ELASTICSEARCH_URL.property(), closed);
        settings.put(ELASTICSEARCH_USERNAME.property(), USER);
        settings.put(ELASTICSEARCH_PASSWORD.property(), PASSWORD);
        String message = StartFailure.messageOf(StartFailure.of(settings), StartupCheckException.class);
        assertThat(message).contains("ELASTICSEARCH_URL", closed, "cannot be reached");
    }

    @Test
    @Order(8)
    void plainHttpUrlToTheHttpsNodeFailsStartUpNamingTheUrlSetting() {
        Map<String, String> settings = settings();
        settings.remove(ELASTICSEARCH_CA_CERT.property());
        settings.put(ELASTICSEARCH_URL.property(), elasticsearch.url().replace("https://", "http://"));
        settings.put(ELASTICSEARCH_USERNAME.property(), USER);
        settings.put(ELASTICSEARCH_PASSWORD.property(), PASSWORD);
        String message = StartFailure.messageOf(StartFailure.of(settings), StartupCheckException.class);
        assertThat(message).contains("ELASTICSEARCH_URL", "https://").doesNotContain(PASSWORD);
    }

    /**
     * The detector's role loses its {@code index} privilege for 20 s mid-stream (file-realm role, reloaded by the
     * node): a refusal of the cluster, not of the documents. Nothing is dead-lettered or committed meanwhile,
     * readiness names {@code security_exception}, and the detector carries on once the privilege is back.
     */
    @Test
    @Order(9)
    void aWriterThatLosesItsIndexPrivilegeFor20sDeadLettersNothing() throws Exception {
        Map<String, String> settings = settings();
        String index = settings.get(BP_INDEX.property());
        String topic = settings.get(BP_TOPIC.property());
        String group = settings.get(BP_GROUP_ID.property());
        elasticsearch.writeRoles(writerRole(settings, "view_index_metadata, create_index, read, write"));
        elasticsearch.addFileUser(WRITER, WRITER_PASSWORD, WRITER);
        Poll.until(Duration.ofSeconds(30), () -> request("GET", "/_security/_authenticate", null, WRITER, WRITER_PASSWORD)
                .statusCode() == 200, "the writer can log in");
        settings.put(ELASTICSEARCH_USERNAME.property(), WRITER);
        settings.put(ELASTICSEARCH_PASSWORD.property(), WRITER_PASSWORD);
        SharedStack.createTopic(topic, 2);
        List<Sent> readings = KnownReadings.generate(3_000, 13);
        Set<String> expected = readings.stream().filter(Sent::isAnomaly).map(Sent::id).collect(Collectors.toSet());
        try (RunningApp app = RunningApp.start(settings);
             PacedProducer producer = PacedProducer.start(KnownReadings.records(topic, readings), 300)) {
            Poll.until(Duration.ofSeconds(90), () -> count(index) >= expected.size() / 5,
                    "a fifth of the anomalies indexed by the writer");
            elasticsearch.writeRoles(writerRole(settings, "view_index_metadata, create_index, read"));
            long refusedAt = System.nanoTime();
            try {
                EsHttp management = new EsHttp("http://127.0.0.1:" + settings.get(BP_MANAGEMENT_PORT.property()));
                Poll.until(Duration.ofSeconds(30), () -> management.get("/observe/health/ready?exposureLevel=full")
                        .body().contains("security_exception"), "readiness DOWN naming security_exception");
                Map<TopicPartition, Long> committed = GroupOffsets.committed(group, topic);
                Poll.until(Duration.ofSeconds(40), () -> System.nanoTime() - refusedAt >= 20_000_000_000L,
                        "20 s without the index privilege");
                assertThat(GroupOffsets.committed(group, topic)).as("nothing committed without the privilege")
                        .isEqualTo(committed);
            } finally {
                elasticsearch.writeRoles(writerRole(settings, "view_index_metadata, create_index, read, write"));
            }
            producer.awaitAllAcknowledged(Duration.ofSeconds(60));
            Poll.until(Duration.ofSeconds(120), () -> GroupOffsets.lag(group, topic) == 0
                    && count(index) >= expected.size(), "all committed and " + expected.size() + " anomalies");
            HttpResponse<String> ids = request("POST", "/" + index + "/_search",
                    "{\"size\":10000,\"_source\":false,\"query\":{\"match_all\":{}}}");
            Set<String> indexed = new HashSet<>();
            JSON.readTree(ids.body()).path("hits").path("hits").forEach(hit -> indexed.add(hit.path("_id").asText()));
            assertThat(indexed).as("exactly the expected anomalies").containsExactlyInAnyOrderElementsOf(expected);
            assertThat(GroupOffsets.recordCount(settings.get(BP_DLQ_TOPIC.property()))).as("dead letters").isZero();
            assertThat(app.counters().deadLettered()).isZero();
        }
    }

    /**
     * The writer's privileges on the anomalies index; on the alert index and the patients' days it keeps what the
     * alert engine needs, and on the audit trail only what docs/security.md says: documents created, never rewritten.
     */
    private static String writerRole(Map<String, String> settings, String privileges) {
        return WRITER + ":\n  cluster: [monitor, manage_index_templates]\n  indices:\n    - names: ["
                + settings.get(BP_INDEX.property()) + "]\n      privileges: [" + privileges + "]\n    - names: ["
                + settings.get(BP_ALERT_INDEX.property())
                + "]\n      privileges: [view_index_metadata, create_index, read, write]\n    - names: ["
                + settings.get(BP_PATIENT_DAYS_INDEX.property())
                + "]\n      privileges: [view_index_metadata, create_index, write]\n    - names: ["
                + settings.get(BP_AUDIT_INDEX.property())
                + "]\n      privileges: [view_index_metadata, create_index, create_doc]\n";
    }

    @Test
    @Order(100)
    void noSecretInAnyLogLineOrOutput() {
        run.assertNoneWritten(List.of(PASSWORD, WRONG_PASSWORD, API_KEY_SECRET, FORGED_API_KEY, WRITER_PASSWORD));
    }

    private static void indexesKnownAnomalies(Map<String, String> settings) throws Exception {
        String topic = settings.get(BP_TOPIC.property());
        String index = settings.get(BP_INDEX.property());
        SharedStack.createTopic(topic, 2);
        List<Sent> readings = KnownReadings.generate(400, 11);
        KafkaTestClient.send(topic, KnownReadings.records(topic, readings));
        long anomalies = readings.stream().filter(Sent::isAnomaly).count();
        assertThat(anomalies).isPositive();
        try (RunningApp app = RunningApp.start(settings)) {
            Poll.until(Duration.ofSeconds(60), () -> count(index) == anomalies,
                    anomalies + " anomalies in the secured index " + index);
            assertThat(app.counters().deadLettered()).isZero();
        }
    }

    /** Unique topic, group and index, the secured node with its CA, no credentials yet; management and board on free ports. */
    private static Map<String, String> settings() {
        Map<String, String> settings = RunningApp.isolatedSettings(SharedStack.kafkaBootstrapServers(), elasticsearch.url());
        settings.put(ELASTICSEARCH_CA_CERT.property(), certificates.caCertificate().toString());
        return settings;
    }

    private static long count(String index) throws Exception {
        request("POST", "/" + index + "/_refresh", "");
        HttpResponse<String> response = request("GET", "/" + index + "/_count", null);
        return response.statusCode() == 200 ? JSON.readTree(response.body()).path("count").asLong() : -1;
    }

    /** As the superuser, over HTTPS trusting only the generated CA. */
    private static HttpResponse<String> request(String method, String path, String json) throws Exception {
        return request(method, path, json, USER, PASSWORD);
    }

    private static HttpResponse<String> request(String method, String path, String json, String user, String password)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(elasticsearch.url() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
