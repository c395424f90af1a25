package io.bpmonitor.hl7;

import static io.bpmonitor.config.Setting.BP_HL7_CLIENT_CA;
import static io.bpmonitor.config.Setting.BP_HL7_HOST;
import static io.bpmonitor.config.Setting.BP_HL7_KEYSTORE;
import static io.bpmonitor.config.Setting.BP_HL7_KEYSTORE_PASSWORD;
import static io.bpmonitor.config.Setting.BP_HL7_PORT;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLContext;

import io.bpmonitor.localstack.FreePorts;
import io.bpmonitor.testing.RouteTestSupport;
import io.bpmonitor.testing.SettingMap;
import io.bpmonitor.testing.TestCertificates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MLLP listener with BP_HL7_KEYSTORE and BP_HL7_CLIENT_CA (mutual TLS): a monitor with a certificate the CA signed
 * is served; one without a certificate, or with another CA's, fails its handshake and sends nothing.
 */
class Hl7TlsRouteTest extends RouteTestSupport {

    private static final String PASSWORD = "hl7-tls-test";
    private static final int PORT = FreePorts.next();
    private static final Path DIR = tempDir();
    private static final TestCertificates CERTIFICATES = certificates(DIR.resolve("tls"), "bp-hl7-tls-ca");

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("hl7-tls");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static TestCertificates certificates(Path dir, String ca) {
        try {
            return TestCertificates.create(dir, ca);
        } catch (Exception e) {
            throw new IllegalStateException("openssl could not make the test's certificates", e);
        }
    }

    @Override
    protected String routesFile() {
        return "hl7.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        try {
            return SettingMap.of(BP_ROUTES, "hl7", BP_HL7_HOST, "127.0.0.1", BP_HL7_PORT, String.valueOf(PORT),
                    BP_HL7_KEYSTORE, CERTIFICATES.keystore(DIR.resolve("server.p12"), PASSWORD).toString(),
                    BP_HL7_KEYSTORE_PASSWORD, PASSWORD, BP_HL7_CLIENT_CA, CERTIFICATES.caCertificate().toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void kafkaStandIn() throws Exception {
        Hl7RouteTest.standInForKafka(context);
    }

    /** Whether a monitor with this TLS gets an answer (TLS 1.3 may fail the handshake only at the first read). */
    private static boolean answered(SSLContext tls) {
        try (MllpClient client = MllpClient.connect(PORT, tls)) {
            return client.send(Pcd01Samples.text("pcd01-kpa.hl7")) != null;
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException refused) {
            return false;
        }
    }

    @Test
    void aMonitorWithACertificateOfTheCaIsServedAndOthersAreNot() throws Exception {
        Path truststore = CERTIFICATES.truststore(DIR.resolve("trust.p12"), PASSWORD);
        Path monitor = CERTIFICATES.issue("monitor", "icu-monitor-3b").keystore(DIR.resolve("monitor.p12"), PASSWORD);
        Path stranger = certificates(DIR.resolve("other"), "bp-other-ca").keystore(DIR.resolve("stranger.p12"), PASSWORD);

        try (MllpClient client = MllpClient.connect(PORT, TestCertificates.clientTls(truststore, monitor, PASSWORD))) {
            assertThat(client.send(Pcd01Samples.text("pcd01-nibp.hl7"))).contains("\rMSA|AA|MON3B-000001");
        }
        assertThat(answered(TestCertificates.clientTls(truststore, null, PASSWORD))).as("no client certificate").isFalse();
        assertThat(answered(TestCertificates.clientTls(truststore, stranger, PASSWORD))).as("another CA's").isFalse();
        assertThat(getMockEndpoint("mock:readings").getReceivedCounter()).as("only the monitor's reading").isEqualTo(1);
    }
}
