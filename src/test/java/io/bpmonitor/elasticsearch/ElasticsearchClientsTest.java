package io.bpmonitor.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.bpmonitor.testing.TestCertificates;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client bp-monitor builds, against a TLS stand-in that records what it receives: the API key goes in an
 * {@code Authorization: ApiKey} header, the PEM CA alone is trusted (no credentials needed for that), and an unknown
 * CA is explained naming ELASTICSEARCH_CA_CERT. The API-key case runs here because the local Elasticsearch
 * distribution cannot store API keys (see SecuredElasticsearchIT).
 */
class ElasticsearchClientsTest {

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static TestCertificates rogue;
    private static HttpsServer server;
    private static final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startTlsServer() throws Exception {
        certificates = TestCertificates.create(dir.resolve("ca"), "stand-in CA");
        rogue = TestCertificates.create(dir.resolve("rogue"), "rogue CA");
        Path keystore = certificates.keystore(dir.resolve("server.p12"), "server-pw");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "server-pw".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "server-pw".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/forbidden", exchange -> {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void sendsTheApiKeyAndTrustsThePemCa() throws Exception {
        try (RestClient client = ElasticsearchClients.restClient(connection("", "", "ZW5jb2RlZDprZXk=", certificates))) {
            Response response = client.performRequest(new Request("GET", "/bp_anomalies/_count"));
            assertThat(response.getStatusLine().getStatusCode()).isEqualTo(200);
        }
        assertThat(authorizations).contains("ApiKey ZW5jb2RlZDprZXk=");
    }

    @Test
    void trustsThePemCaWithoutCredentials() throws Exception {
        authorizations.clear();
        try (RestClient client = ElasticsearchClients.restClient(connection("", "", "", certificates))) {
            assertThat(client.performRequest(new Request("GET", "/")).getStatusLine().getStatusCode()).isEqualTo(200);
        }
        assertThat(authorizations).containsOnly("null");
    }

    @Test
    void anUnknownCaIsExplainedNamingTheCaSetting() throws Exception {
        ElasticsearchConnection connection = connection("user", "pw-not-shown", "", rogue);
        try (RestClient client = ElasticsearchClients.restClient(connection)) {
            assertThatThrownBy(() -> client.performRequest(new Request("GET", "/")))
                    .satisfies(error -> assertThat(ElasticsearchStartupCheck.explain(error, connection, "bp_anomalies", "write")
                            .getMessage())
                            .contains("ELASTICSEARCH_CA_CERT", rogue.caCertificate().toString())
                            .doesNotContain("pw-not-shown"));
        }
    }

    @Test
    void aRefusalNamesThePrivilegesTheIndexNeedsTheAuditTrailOnlyCreateDoc() throws Exception {
        ElasticsearchConnection connection = connection("user", "pw-not-shown", "", certificates);
        try (RestClient client = ElasticsearchClients.restClient(connection)) {
            assertThatThrownBy(() -> client.performRequest(new Request("GET", "/forbidden")))
                    .satisfies(error -> assertThat(ElasticsearchStartupCheck.explain(error, connection, "bp_audit",
                            new IndexInitializer(null, "bp_audit", IndexInitializer.AUDIT_INDEX_DEFINITION)
                                    .writePrivilege()).getMessage())
                            .contains("HTTP 403", "view_index_metadata, create_index and create_doc on bp_audit"));
        }
        assertThat(new IndexInitializer(null, "bp_anomalies").writePrivilege()).isEqualTo("write");
    }

    @Test
    void toStringLeavesSecretsOut() {
        ElasticsearchConnection connection = connection("user", "pw-not-shown", "", certificates);
        assertThat(connection.toString()).contains("basic").doesNotContain("pw-not-shown");
        assertThat(connection("", "", "key-not-shown", certificates).toString()).contains("api-key").doesNotContain("key-not-shown");
    }

    private static ElasticsearchConnection connection(String user, String password, String apiKey, TestCertificates ca) {
        return new ElasticsearchConnection(List.of(URI.create("https://127.0.0.1:" + server.getAddress().getPort())),
                user, password, apiKey, Optional.of(ca.caCertificate()));
    }
}
