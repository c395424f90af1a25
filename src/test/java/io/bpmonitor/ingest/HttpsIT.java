package io.bpmonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import io.bpmonitor.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FHIR endpoint over HTTPS with a configured certificate, and nothing in plain HTTP. */
class HttpsIT {

    private static final String TOKEN = "https-it-token";
    private static final String PASSWORD = "store-pw";

    @TempDir
    Path dir;

    private Map<String, String> settings(Path keystore) {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.put("bp.routes", "ingest");
        settings.put("bp.ingest.authtoken", TOKEN);
        settings.put("bp.http.keystore", keystore.toString());
        settings.put("bp.http.keystore-password", PASSWORD);
        SharedStack.createTopic(settings.get("bp.topic"), 2);
        return settings;
    }

    private static HttpResponse<String> post(HttpClient client, Map<String, String> settings) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + settings.get("bp.board.port")
                        + "/fhir/Observation"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(KnownReadings.generate(1, 41).get(0).json())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(Path truststore) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(truststore));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
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
                    + settings.get("bp.board.port") + "/fhir/Observation")).GET().build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }
}
