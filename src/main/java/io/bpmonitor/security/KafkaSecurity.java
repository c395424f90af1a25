package io.bpmonitor.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.component.kafka.KafkaConfiguration;

/**
 * The security of every Kafka connection bp-monitor makes (simulator producer, detector consumer, dead-letter
 * producer, start-up probe): protocol, SASL mechanism and credentials, trust store and, for mutual TLS, key store.
 * The JAAS configuration is built here from user name and password and handed to Kafka directly; it is never put in a
 * property, a log line or {@link #toString()}.
 */
public final class KafkaSecurity {

    /** Kafka's {@code security.protocol} values. */
    public enum Protocol {
        PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL;

        public boolean usesSasl() {
            return this == SASL_PLAINTEXT || this == SASL_SSL;
        }

        public boolean usesTls() {
            return this == SSL || this == SASL_SSL;
        }
    }

    /** The SASL mechanisms bp-monitor can log in with from a user name and password. */
    public static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    /** Key and trust store types Kafka reads; {@code PEM} is Kafka's own (KIP-651). */
    public static final List<String> STORE_TYPES = List.of("JKS", "PKCS12", "PEM");

    /** A trust or key store file; {@code type} is inferred from the file name when not given. */
    public record Store(String location, String password, String type) {
        public Store {
            password = password == null ? "" : password;
            type = type == null || type.isBlank() ? inferType(location) : type.trim().toUpperCase(Locale.ROOT);
        }

        static String inferType(String location) {
            String name = location.toLowerCase(Locale.ROOT);
            if (name.endsWith(".p12") || name.endsWith(".pfx")) {
                return "PKCS12";
            }
            if (name.endsWith(".pem") || name.endsWith(".crt")) {
                return "PEM";
            }
            return "JKS";
        }

        @Override
        public String toString() {
            return location + " (" + type + ")";
        }
    }

    private final Protocol protocol;
    private final String mechanism;
    private final String username;
    private final String password;
    private final Optional<Store> truststore;
    private final Optional<Store> keystore;

    public KafkaSecurity(Protocol protocol, String mechanism, String username, String password,
            Optional<Store> truststore, Optional<Store> keystore) {
        this.protocol = protocol;
        this.mechanism = mechanism == null ? "" : mechanism.trim().toUpperCase(Locale.ROOT);
        this.username = username == null ? "" : username;
        this.password = password == null ? "" : password;
        this.truststore = truststore;
        this.keystore = keystore;
    }

    public static KafkaSecurity plaintext() {
        return new KafkaSecurity(Protocol.PLAINTEXT, "", "", "", Optional.empty(), Optional.empty());
    }

    public Protocol protocol() {
        return protocol;
    }

    public String mechanism() {
        return mechanism;
    }

    public boolean isPlaintext() {
        return protocol == Protocol.PLAINTEXT;
    }

    /** Kafka client properties (for an Admin, producer or consumer), secrets included: never log them. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("security.protocol", protocol.name());
        if (protocol.usesSasl()) {
            properties.put("sasl.mechanism", mechanism);
            properties.put("sasl.jaas.config", jaasConfig(mechanism, username, password));
        }
        if (protocol.usesTls()) {
            truststore.ifPresent(store -> {
                properties.put("ssl.truststore.location", store.location());
                properties.put("ssl.truststore.type", store.type());
                if (!store.password().isEmpty()) {
                    properties.put("ssl.truststore.password", store.password());
                }
            });
            keystore.ifPresent(store -> {
                properties.put("ssl.keystore.location", store.location());
                properties.put("ssl.keystore.type", store.type());
                if (!store.password().isEmpty()) {
                    properties.put("ssl.keystore.password", store.password());
                }
            });
        }
        return properties;
    }

    /** Sets the same options on the Kafka component's configuration, which every {@code kafka:} endpoint copies. */
    public void applyTo(KafkaConfiguration configuration) {
        configuration.setSecurityProtocol(protocol.name());
        if (protocol.usesSasl()) {
            configuration.setSaslMechanism(mechanism);
            configuration.setSaslJaasConfig(jaasConfig(mechanism, username, password));
        }
        if (protocol.usesTls()) {
            truststore.ifPresent(store -> {
                configuration.setSslTruststoreLocation(store.location());
                configuration.setSslTruststoreType(store.type());
                if (!store.password().isEmpty()) {
                    configuration.setSslTruststorePassword(store.password());
                }
            });
            keystore.ifPresent(store -> {
                configuration.setSslKeystoreLocation(store.location());
                configuration.setSslKeystoreType(store.type());
                if (!store.password().isEmpty()) {
                    configuration.setSslKeystorePassword(store.password());
                }
            });
        }
    }

    /** The JAAS line for a user-name-and-password mechanism; quotes and backslashes in the values are escaped. */
    static String jaasConfig(String mechanism, String username, String password) {
        String module = "PLAIN".equals(mechanism)
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=\"" + escape(username) + "\" password=\"" + escape(password) + "\";";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** What is safe to log: protocol, mechanism and store locations, never a credential. */
    public String describe() {
        StringBuilder text = new StringBuilder(protocol.name());
        if (protocol.usesSasl()) {
            text.append(", SASL ").append(mechanism);
        }
        if (protocol.usesTls()) {
            text.append(", trust ").append(truststore.map(Store::toString).orElse("JVM default CAs"));
            keystore.ifPresent(store -> text.append(", client certificate ").append(store));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "KafkaSecurity[" + describe() + "]";
    }
}
