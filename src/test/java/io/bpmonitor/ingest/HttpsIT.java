package io.bpmonitor.ingest;

import static io.bpmonitor.config.Setting.BP_BOARD_PORT;
import static io.bpmonitor.config.Setting.BP_HTTP_CLIENT_CA;
import static io.bpmonitor.config.Setting.BP_HTTP_KEYSTORE;
import static io.bpmonitor.config.Setting.BP_HTTP_KEYSTORE_PASSWORD;
import static io.bpmonitor.config.Setting.BP_INGEST_TOKENS;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import io.bpmonitor.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FHIR endpoint over HTTPS with a configured certificate, and nothing in plain HTTP; with BP_HTTP_CLIENT_CA
 * (mutual TLS, the packaged app) only clients with a certificate that CA signed get through the handshake, and still
 * need their bearer token.
 */
class HttpsIT {

    private static final String TOKEN = "https-it-token";
    private static final String PASSWORD = "store-pw";

    @TempDir
    Path dir;

    private Map<String, String> settings(Path keystore) {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.put(BP_ROUTES.property(), "ingest");
        settings.put(BP_INGEST_TOKENS.property(), TOKEN);
        settings.put(BP_HTTP_KEYSTORE.property(), keystore.toString());
        settings.put(BP_HTTP_KEYSTORE_PASSWORD.property(), PASSWORD);
        SharedStack.createTopic(settings.get(BP_TOPIC.property()), 2);
        return settings;
    }

    private static HttpResponse<String> post(HttpClient client, Map<String, String> settings) throws Exception {
        return post(client, settings, TOKEN);
    }

    private static HttpResponse<String> post(HttpClient client, Map<String, String> settings, String token)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                        + settings.get(BP_BOARD_PORT.property()) + "/fhir/Observation"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(KnownReadings.generate(1, 41).get(0).json())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(Path truststore) throws Exception {
        return client(truststore, null);
    }

    /** A client trusting the server's CA and, when {@code clientKeystore} is given, presenting its certificate. */
    private static HttpClient client(Path truststore, Path clientKeystore) throws Exception {
        return HttpClient.newBuilder().sslContext(TestCertificates.clientTls(truststore, clientKeystore, PASSWORD)).build();
    }

    @Test
    void theEndpointSpeaksHttpsWithTheConfiguredCertificate() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir.resolve("tls"), "bp-https-it-ca");
        Path keystore = certificates.keystore(dir.resolve("server.p12"), PASSWORD);
        Path truststore = certificates.truststore(dir.resolve("trust.p12"), PASSWORD);
        Map<String, String> settings = settings(keystore);

        try (RunningApp app = RunningApp.start(settings)) {
            assertThat(post(client(truststore), settings).statusCode()).isEqualTo(201);
            HttpClient plain = HttpClient.newHttpClient();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + settings.get(BP_BOARD_PORT.property()) + "/fhir/Observation")).GET().build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void withAClientCaOnlyClientsWithACertificateItSignedGetIn() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir.resolve("tls"), "bp-mtls-it-ca");
        Path truststore = certificates.truststore(dir.resolve("trust.p12"), PASSWORD);
        Path device = certificates.issue("device", "bp-device-1").keystore(dir.resolve("device.p12"), PASSWORD);
        Path stranger = TestCertificates.create(dir.resolve("other-tls"), "bp-other-ca")
                .keystore(dir.resolve("stranger.p12"), PASSWORD);
        Map<String, String> settings = settings(certificates.keystore(dir.resolve("server.p12"), PASSWORD));
        settings.put(BP_HTTP_CLIENT_CA.property(), certificates.caCertificate().toString());

        AppProcess app = AppProcess.start("mutual-tls", settings).awaitStarted(Duration.ofSeconds(90));
        try {
            assertThat(post(client(truststore, device), settings).statusCode()).as(app.tail(20)).isEqualTo(201);
            assertThat(post(client(truststore, device), settings, "not-" + TOKEN).statusCode())
                    .as("the bearer token is still required").isEqualTo(401);
            // this server has the body limit camel-main's would have (10 MiB with the default settings), and its answer
            HttpResponse<String> tooLarge = client(truststore, device).send(HttpRequest.newBuilder(URI.create(
                            "https://localhost:" + settings.get(BP_BOARD_PORT.property()) + "/fhir"))
                    .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10_485_761])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(tooLarge.body()).contains("\"resourceType\":\"OperationOutcome\"", "\"code\":\"too-costly\"",
                    "the server's limit of 10485760 bytes");
            assertThatThrownBy(() -> post(client(truststore), settings)).as("no client certificate")
                    .isInstanceOf(IOException.class).hasStackTraceContaining("SSLHandshakeException");
            assertThatThrownBy(() -> post(client(truststore, stranger), settings))
                    .as("a client certificate from another CA").isInstanceOf(IOException.class)
                    .hasStackTraceContaining("SSLHandshakeException");

            app.terminate(Duration.ofSeconds(60));
            assertThat(app.logText()).as("graceful Camel shutdown").contains("(bp-monitor) shutdown")
                    .doesNotContain("Error occurred while shutting down").doesNotContain("Unhandled exception");
        } finally {
            app.close();
        }
    }

    @Test
    void aClientCaWithoutAServerKeystoreRefusesToStart() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir.resolve("tls"), "bp-mtls-it-ca");
        Map<String, String> settings = settings(certificates.keystore(dir.resolve("server.p12"), PASSWORD));
        settings.remove(BP_HTTP_KEYSTORE.property());
        settings.put(BP_HTTP_CLIENT_CA.property(), certificates.caCertificate().toString());

        try (AppProcess app = AppProcess.start("mutual-tls-no-keystore", settings)) {
            assertThat(app.awaitExit(Duration.ofSeconds(90))).as(app.tail(20)).isEqualTo(1);
            assertThat(app.logText().lines().filter(line -> line.contains(" ERROR ")))
                    .as(app.tail(20)).singleElement().asString().contains("BP_HTTP_KEYSTORE", "BP_HTTP_CLIENT_CA");
        }
    }
}
