package io.bpmonitor.kafka;

import static io.bpmonitor.testing.SettingsFixture.settingsWith;
import static io.bpmonitor.testing.SettingsFixture.validateAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import io.bpmonitor.config.Settings;
import io.bpmonitor.elasticsearch.ElasticsearchConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security settings are checked together at start-up, and an error names the setting without showing a secret. */
class SecuritySettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsArePlaintextAndUnauthenticated() {
        Settings settings = settingsWith("bp.elasticsearch.url", "http://127.0.0.1:9200");
        validateAll(settings);
        assertThat(KafkaSecurity.from(settings).isPlaintext()).isTrue();
        assertThat(ElasticsearchConnection.from(settings).usesBasicAuth()).isFalse();
    }

    @Test
    void aUserWithoutPasswordNamesThePasswordSetting() {
        assertThatThrownBy(() -> validateAll(settingsWith("bp.elasticsearch.url", "https://es:9200",
                "bp.elasticsearch.username", "bp")))
                .hasMessageContaining("ELASTICSEARCH_PASSWORD");
    }

    @Test
    void basicAuthAndApiKeyTogetherAreRefusedWithoutShowingTheKey() {
        assertThatThrownBy(() -> validateAll(settingsWith("bp.elasticsearch.url", "https://es:9200",
                "bp.elasticsearch.username", "bp", "bp.elasticsearch.password", "pw-123",
                "bp.elasticsearch.api-key", "key-456")))
                .hasMessageContaining("ELASTICSEARCH_API_KEY").hasMessageNotContaining("key-456").hasMessageNotContaining("pw-123");
    }

    @Test
    void aMissingCaFileNamesTheCaSetting() {
        assertThatThrownBy(() -> validateAll(settingsWith("bp.elasticsearch.url", "https://es:9200",
                "bp.elasticsearch.ca-cert", dir.resolve("nope.crt").toString())))
                .hasMessageContaining("ELASTICSEARCH_CA_CERT");
    }

    @Test
    void aFileWithoutACertificateNamesTheCaSetting() throws Exception {
        Path notACertificate = Files.writeString(dir.resolve("ca.crt"), "not a certificate");
        assertThatThrownBy(() -> validateAll(settingsWith("bp.elasticsearch.url", "https://es:9200",
                "bp.elasticsearch.ca-cert", notACertificate.toString())))
                .hasMessageContaining("ELASTICSEARCH_CA_CERT");
    }

    @Test
    void saslNeedsAKnownMechanismAUserAndAPassword() {
        assertThatThrownBy(() -> validateAll(settingsWith("bp.kafka.security-protocol", "SASL_SSL")))
                .hasMessageContaining("KAFKA_SASL_MECHANISM");
        assertThatThrownBy(() -> validateAll(settingsWith("bp.kafka.security-protocol", "SASL_SSL",
                "bp.kafka.sasl.mechanism", "SCRAM-SHA-256", "bp.kafka.sasl.username", "bp")))
                .hasMessageContaining("KAFKA_SASL_PASSWORD");
        assertThatThrownBy(() -> validateAll(settingsWith("bp.kafka.security-protocol", "TLS")))
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL");
    }

    @Test
    void credentialsOrStoresWithAProtocolThatIgnoresThemAreRefused() throws Exception {
        assertThatThrownBy(() -> validateAll(settingsWith("bp.kafka.sasl.username", "bp", "bp.kafka.sasl.password", "pw-789")))
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL").hasMessageNotContaining("pw-789");
        Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
        assertThatThrownBy(() -> validateAll(settingsWith("bp.kafka.security-protocol", "SASL_PLAINTEXT",
                "bp.kafka.sasl.mechanism", "PLAIN", "bp.kafka.sasl.username", "bp", "bp.kafka.sasl.password", "pw",
                "bp.kafka.ssl.truststore-location", trust.toString())))
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL");
    }

    @Test
    void aCompleteSaslSslConfigurationIsAccepted() throws Exception {
        Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
        KafkaSecurity security = KafkaSecurity.from(settingsWith("bp.kafka.security-protocol", "sasl_ssl",
                "bp.kafka.sasl.mechanism", "scram-sha-256", "bp.kafka.sasl.username", "bp",
                "bp.kafka.sasl.password", "pw", "bp.kafka.ssl.truststore-location", trust.toString(),
                "bp.kafka.ssl.truststore-password", "tpw"));
        assertThat(security.protocol()).isEqualTo(KafkaSecurity.Protocol.SASL_SSL);
        assertThat(KafkaSecurityTest.clientProperties(security)).containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256");
    }
}
