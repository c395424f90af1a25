package io.bpmonitor.kafka;

import static io.bpmonitor.config.Setting.ELASTICSEARCH_API_KEY;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_CA_CERT;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_PASSWORD;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_URL;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_USERNAME;
import static io.bpmonitor.config.Setting.KAFKA_SASL_MECHANISM;
import static io.bpmonitor.config.Setting.KAFKA_SASL_PASSWORD;
import static io.bpmonitor.config.Setting.KAFKA_SASL_USERNAME;
import static io.bpmonitor.config.Setting.KAFKA_SECURITY_PROTOCOL;
import static io.bpmonitor.config.Setting.KAFKA_SSL_TRUSTSTORE_LOCATION;
import static io.bpmonitor.config.Setting.KAFKA_SSL_TRUSTSTORE_PASSWORD;
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
        Settings settings = settingsWith(ELASTICSEARCH_URL, "http://127.0.0.1:9200");
        validateAll(settings);
        assertThat(KafkaSecurity.from(settings).isPlaintext()).isTrue();
        assertThat(ElasticsearchConnection.from(settings).usesBasicAuth()).isFalse();
    }

    @Test
    void aUserWithoutPasswordNamesThePasswordSetting() {
        assertThatThrownBy(() -> validateAll(settingsWith(ELASTICSEARCH_URL, "https://es:9200",
                ELASTICSEARCH_USERNAME, "bp")))
                .hasMessageContaining("ELASTICSEARCH_PASSWORD");
    }

    @Test
    void basicAuthAndApiKeyTogetherAreRefusedWithoutShowingTheKey() {
        assertThatThrownBy(() -> validateAll(settingsWith(ELASTICSEARCH_URL, "https://es:9200",
                ELASTICSEARCH_USERNAME, "bp", ELASTICSEARCH_PASSWORD, "pw-123",
                ELASTICSEARCH_API_KEY, "key-456")))
                .hasMessageContaining("ELASTICSEARCH_API_KEY").hasMessageNotContaining("key-456").hasMessageNotContaining("pw-123");
    }

    @Test
    void aMissingCaFileNamesTheCaSetting() {
        assertThatThrownBy(() -> validateAll(settingsWith(ELASTICSEARCH_URL, "https://es:9200",
                ELASTICSEARCH_CA_CERT, dir.resolve("nope.crt").toString())))
                .hasMessageContaining("ELASTICSEARCH_CA_CERT");
    }

    @Test
    void aFileWithoutACertificateNamesTheCaSetting() throws Exception {
        Path notACertificate = Files.writeString(dir.resolve("ca.crt"), "not a certificate");
        assertThatThrownBy(() -> validateAll(settingsWith(ELASTICSEARCH_URL, "https://es:9200",
                ELASTICSEARCH_CA_CERT, notACertificate.toString())))
                .hasMessageContaining("ELASTICSEARCH_CA_CERT");
    }

    @Test
    void saslNeedsAKnownMechanismAUserAndAPassword() {
        assertThatThrownBy(() -> validateAll(settingsWith(KAFKA_SECURITY_PROTOCOL, "SASL_SSL")))
                .hasMessageContaining("KAFKA_SASL_MECHANISM");
        assertThatThrownBy(() -> validateAll(settingsWith(KAFKA_SECURITY_PROTOCOL, "SASL_SSL",
                KAFKA_SASL_MECHANISM, "SCRAM-SHA-256", KAFKA_SASL_USERNAME, "bp")))
                .hasMessageContaining("KAFKA_SASL_PASSWORD");
        assertThatThrownBy(() -> validateAll(settingsWith(KAFKA_SECURITY_PROTOCOL, "TLS")))
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL");
    }

    @Test
    void credentialsOrStoresWithAProtocolThatIgnoresThemAreRefused() throws Exception {
        assertThatThrownBy(() -> validateAll(settingsWith(KAFKA_SASL_USERNAME, "bp", KAFKA_SASL_PASSWORD, "pw-789")))
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL").hasMessageNotContaining("pw-789");
        Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
        assertThatThrownBy(() -> validateAll(settingsWith(KAFKA_SECURITY_PROTOCOL, "SASL_PLAINTEXT",
                KAFKA_SASL_MECHANISM, "PLAIN", KAFKA_SASL_USERNAME, "bp", KAFKA_SASL_PASSWORD, "pw",
                KAFKA_SSL_TRUSTSTORE_LOCATION, trust.toString())))
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL");
    }

    @Test
    void aCompleteSaslSslConfigurationIsAccepted() throws Exception {
        Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
        KafkaSecurity security = KafkaSecurity.from(settingsWith(KAFKA_SECURITY_PROTOCOL, "sasl_ssl",
                KAFKA_SASL_MECHANISM, "scram-sha-256", KAFKA_SASL_USERNAME, "bp",
                KAFKA_SASL_PASSWORD, "pw", KAFKA_SSL_TRUSTSTORE_LOCATION, trust.toString(),
                KAFKA_SSL_TRUSTSTORE_PASSWORD, "tpw"));
        assertThat(security.protocol()).isEqualTo(KafkaSecurity.Protocol.SASL_SSL);
        assertThat(KafkaSecurityTest.clientProperties(security)).containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256");
    }
}
