package io.bpmonitor.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.bpmonitor.config.InvalidSettingException;
import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
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

    /**
     * Reads protocol, SASL mechanism and credentials, trust and key stores, checked together: credentials need a SASL
     * protocol, stores need a TLS one, so nothing set is silently ignored. Errors never show a secret.
     */
    public static KafkaSecurity from(Settings settings) {
        String protocolText = settings.text(Setting.KAFKA_SECURITY_PROTOCOL);
        Protocol protocol = Protocol.valueOf(protocolText.toUpperCase(Locale.ROOT));
        String mechanism = settings.text(Setting.KAFKA_SASL_MECHANISM).toUpperCase(Locale.ROOT);
        String username = settings.text(Setting.KAFKA_SASL_USERNAME);
        String password = settings.text(Setting.KAFKA_SASL_PASSWORD);
        if (protocol.usesSasl()) {
            if (!MECHANISMS.contains(mechanism)) {
                throw new InvalidSettingException(Setting.KAFKA_SASL_MECHANISM,
                        "one of " + String.join(", ", MECHANISMS) + " with " + protocol, mechanism);
            }
            settings.required(Setting.KAFKA_SASL_USERNAME);
            if (password.isEmpty()) {
                throw new InvalidSettingException(Setting.KAFKA_SASL_PASSWORD, "a value with " + protocol, "");
            }
        } else if (!mechanism.isEmpty() || !username.isEmpty() || !password.isEmpty()) {
            throw new InvalidSettingException(Setting.KAFKA_SECURITY_PROTOCOL,
                    "SASL_SSL or SASL_PLAINTEXT when KAFKA_SASL_* settings are given", protocolText);
        }
        Optional<Store> truststore = store(settings, Setting.KAFKA_SSL_TRUSTSTORE_LOCATION,
                Setting.KAFKA_SSL_TRUSTSTORE_PASSWORD, Setting.KAFKA_SSL_TRUSTSTORE_TYPE);
        Optional<Store> keystore = store(settings, Setting.KAFKA_SSL_KEYSTORE_LOCATION,
                Setting.KAFKA_SSL_KEYSTORE_PASSWORD, Setting.KAFKA_SSL_KEYSTORE_TYPE);
        if (!protocol.usesTls() && (truststore.isPresent() || keystore.isPresent())) {
            throw new InvalidSettingException(Setting.KAFKA_SECURITY_PROTOCOL,
                    "SSL or SASL_SSL when KAFKA_SSL_* settings are given", protocolText);
        }
        return new KafkaSecurity(protocol, mechanism, username, password, truststore, keystore);
    }

    private static Optional<Store> store(Settings settings, Setting location, Setting password, Setting type) {
        Optional<String> path = settings.optional(location);
        if (path.isEmpty()) {
            for (Setting other : List.of(password, type)) {
                if (settings.optional(other).isPresent()) {
                    throw new InvalidSettingException(location, "a file when " + other.name() + " is set", "");
                }
            }
            return Optional.empty();
        }
        if (!Files.isReadable(Path.of(path.get()))) {
            throw new InvalidSettingException(location, "a readable file", path.get());
        }
        return Optional.of(new Store(path.get(), settings.text(password), settings.text(type)));
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

    /**
     * Sets camel-kafka's own security options on the component's configuration, which every {@code kafka:} endpoint
     * copies; the start-up probe reads them back from there ({@link KafkaStartupCheck}), so they are mapped once.
     */
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
