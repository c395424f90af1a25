package io.bpmonitor.app;

import static io.bpmonitor.app.SettingsFixture.settingsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import io.bpmonitor.security.KafkaSecurity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security settings are checked together at start-up, and an error names the setting without showing a secret. */
class SecuritySettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsArePlaintextAndUnauthenticated() {
        Settings settings = settingsWith("bp.elasticsearch.url", "http://127.0.0.1:9200");
        settings.validate();
        assertThat(settings.kafkaSecurity().isPlaintext()).isTrue();
        assertThat(settings.elasticsearchConnection().usesBasicAuth()).isFalse();
    }

    @Test
    void aUserWithoutPasswordNamesThePasswordSetting() {
        assertThatThrownBy(() -> settingsWith("bp.elasticsearch.url", "https://es:9200",
                "bp.elasticsearch.username", "bp").validate())
                .hasMessageContaining("ELASTICSEARCH_PASSWORD");
    }

    @Test
    void basicAuthAndApiKeyTogetherAreRefusedWithoutShowingTheKey() {
        assertThatThrownBy(() -> settingsWith("bp.elasticsearch.url", "https://es:9200",
                "bp.elasticsearch.username", "bp", "bp.elasticsearch.password", "pw-123",
                "bp.elasticsearch.api-key", "key-456").validate())
                .hasMessageContaining("ELASTICSEARCH_API_KEY").hasMessageNotContaining("key-456").hasMessageNotContaining("pw-123");
    }

    @Test
    void aMissingCaFileNamesTheCaSetting() {
        assertThatThrownBy(() -> settingsWith("bp.elasticsearch.url", "https://es:9200",
                "bp.elasticsearch.ca-cert", dir.resolve("nope.crt").toString()).validate())
                .hasMessageContaining("ELASTICSEARCH_CA_CERT");
    }

    @Test
    void aFileWithoutACertificateNamesTheCaSetting() throws Exception {
        Path notACertificate = Files.writeString(dir.resolve("ca.crt"), "not a certificate");
        assertThatThrownBy(() -> settingsWith("bp.elasticsearch.url", "https://es:9200",
                "bp.elasticsearch.ca-cert", notACertificate.toString()).validate())
                .hasMessageContaining("ELASTICSEARCH_CA_CERT");
    }

    @Test
    void saslNeedsAKnownMechanismAUserAndAPassword() {
        assertThatThrownBy(() -> settingsWith("bp.kafka.security-protocol", "SASL_SSL").validate())
                .hasMessageContaining("KAFKA_SASL_MECHANISM");
        assertThatThrownBy(() -> settingsWith("bp.kafka.security-protocol", "SASL_SSL",
                "bp.kafka.sasl.mechanism", "SCRAM-SHA-256", "bp.kafka.sasl.username", "bp").validate())
                .hasMessageContaining("KAFKA_SASL_PASSWORD");
        assertThatThrownBy(() -> settingsWith("bp.kafka.security-protocol", "TLS").validate())
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL");
    }

    @Test
    void credentialsOrStoresWithAProtocolThatIgnoresThemAreRefused() throws Exception {
        assertThatThrownBy(() -> settingsWith("bp.kafka.sasl.username", "bp", "bp.kafka.sasl.password", "pw-789").validate())
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL").hasMessageNotContaining("pw-789");
        Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
        assertThatThrownBy(() -> settingsWith("bp.kafka.security-protocol", "SASL_PLAINTEXT",
                "bp.kafka.sasl.mechanism", "PLAIN", "bp.kafka.sasl.username", "bp", "bp.kafka.sasl.password", "pw",
                "bp.kafka.ssl.truststore-location", trust.toString()).validate())
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL");
    }

    @Test
    void aCompleteSaslSslConfigurationIsAccepted() throws Exception {
        Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
        KafkaSecurity security = settingsWith("bp.kafka.security-protocol", "sasl_ssl",
                "bp.kafka.sasl.mechanism", "scram-sha-256", "bp.kafka.sasl.username", "bp",
                "bp.kafka.sasl.password", "pw", "bp.kafka.ssl.truststore-location", trust.toString(),
                "bp.kafka.ssl.truststore-password", "tpw").kafkaSecurity();
        assertThat(security.protocol()).isEqualTo(KafkaSecurity.Protocol.SASL_SSL);
        assertThat(security.clientProperties()).containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256");
    }
}
