package io.bpmonitor.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;

class KafkaSecurityTest {

    @Test
    void plaintextSetsNothingButTheProtocol() {
        assertThat(clientProperties(KafkaSecurity.plaintext())).containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
    }

    @Test
    void saslSslCarriesMechanismJaasAndStores() {
        KafkaSecurity security = new KafkaSecurity(KafkaSecurity.Protocol.SASL_SSL, "scram-sha-512", "bp", "s3cret",
                Optional.of(new KafkaSecurity.Store("/etc/bp/trust.p12", "tpw", "")),
                Optional.of(new KafkaSecurity.Store("/etc/bp/client.jks", "kpw", "")));
        Map<String, Object> properties = clientProperties(security);
        assertThat(properties).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"bp\" password=\"s3cret\";")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("ssl.keystore.type", "JKS");
        KafkaConfiguration camel = new KafkaConfiguration();
        security.applyTo(camel);
        assertThat(camel.getSecurityProtocol()).isEqualTo("SASL_SSL");
        assertThat(camel.getSaslJaasConfig()).isEqualTo(properties.get("sasl.jaas.config"));
        assertThat(camel.getSslTruststorePassword()).isEqualTo("tpw");
        assertThat(security.toString()).doesNotContain("s3cret", "tpw", "kpw");
    }

    @Test
    void quotesAndBackslashesInAPasswordSurviveKafkasJaasParser() {
        String password = "a\"b\\c d;e";
        String jaas = KafkaSecurity.jaasConfig("PLAIN", "user", password);
        var entries = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(jaas))).configurationEntries();
        assertThat(entries).hasSize(1);
        Map<String, ?> options = entries.get(0).getOptions();
        assertThat(options.get("password")).isEqualTo(password);
        assertThat(options.get("username")).isEqualTo("user");
        assertThat(entries.get(0).getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule");
    }

    /** What every Kafka client of the app gets: camel-kafka's producer properties from the component's options. */
    static java.util.Map<String, Object> clientProperties(KafkaSecurity security) {
        org.apache.camel.component.kafka.KafkaConfiguration component = new org.apache.camel.component.kafka.KafkaConfiguration();
        security.applyTo(component);
        java.util.Map<String, Object> properties = KafkaClients.of(component).properties();
        properties.remove(org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return properties;
    }
}
