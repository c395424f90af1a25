package io.bpmonitor.app;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.bpmonitor.security.ElasticsearchConnection;
import io.bpmonitor.security.KafkaSecurity;
import io.bpmonitor.security.PemCertificates;
import org.apache.camel.spi.PropertiesComponent;

/** Typed, validated access to the {@link Setting}s, so a bad value fails at start-up with its name. */
public final class Settings {

    /** The routes {@code BP_ROUTES} can select. */
    public enum Role { SIMULATOR, DETECTOR }

    private final PropertiesComponent properties;

    public Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    public String text(Setting setting) {
        return properties.resolveProperty(setting.property()).map(String::trim).orElse("");
    }

    public Optional<String> optional(Setting setting) {
        String value = text(setting);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public String required(Setting setting) {
        return optional(setting).orElseThrow(() -> new InvalidSettingException(setting, "a value", ""));
    }

    public int integer(Setting setting, int min, int max) {
        String value = text(setting);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected range
        }
        throw new InvalidSettingException(setting, "an integer from " + min + " to " + max, value);
    }

    public double positiveNumber(Setting setting, double max) {
        String value = text(setting);
        try {
            double parsed = Double.parseDouble(value);
            if (parsed > 0 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected range
        }
        throw new InvalidSettingException(setting, "a number above 0 and at most " + max, value);
    }

    public Set<Role> routes() {
        String value = text(Setting.BP_ROUTES);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : value.split(",")) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                roles.add(Role.valueOf(trimmed.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.BP_ROUTES, "a list of simulator, detector", value);
            }
        }
        if (roles.isEmpty()) {
            throw new InvalidSettingException(Setting.BP_ROUTES, "a list of simulator, detector", value);
        }
        return roles;
    }

    /** One or more comma-separated http(s) URLs with a host. */
    public List<URI> urls(Setting setting) {
        String value = required(setting);
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(url -> {
                    try {
                        URI uri = URI.create(url);
                        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                            return uri;
                        }
                    } catch (IllegalArgumentException e) {
                        // reported below
                    }
                    throw new InvalidSettingException(setting, "comma-separated http:// or https:// URLs", value);
                })
                .toList();
    }

    /**
     * Elasticsearch URLs, credentials and CA certificate, checked together: user and password both or neither, not
     * both basic auth and an API key, a readable PEM CA only with https:// URLs. Errors never show a secret.
     */
    public ElasticsearchConnection elasticsearchConnection() {
        List<URI> urls = urls(Setting.ELASTICSEARCH_URL);
        String username = text(Setting.ELASTICSEARCH_USERNAME);
        String password = text(Setting.ELASTICSEARCH_PASSWORD);
        String apiKey = text(Setting.ELASTICSEARCH_API_KEY);
        if (!username.isEmpty() && password.isEmpty()) {
            throw new InvalidSettingException(Setting.ELASTICSEARCH_PASSWORD, "a value when ELASTICSEARCH_USERNAME is set", "");
        }
        if (username.isEmpty() && !password.isEmpty()) {
            throw new InvalidSettingException(Setting.ELASTICSEARCH_USERNAME, "a value when ELASTICSEARCH_PASSWORD is set", "");
        }
        if (!apiKey.isEmpty() && !username.isEmpty()) {
            throw new InvalidSettingException(Setting.ELASTICSEARCH_API_KEY,
                    "no value when ELASTICSEARCH_USERNAME is set (use basic auth or an API key, not both)", "(hidden)");
        }
        Optional<Path> ca = optional(Setting.ELASTICSEARCH_CA_CERT).map(Path::of);
        if (ca.isPresent()) {
            try {
                PemCertificates.read(ca.get());
            } catch (Exception e) {
                throw new InvalidSettingException(Setting.ELASTICSEARCH_CA_CERT, "a readable PEM file of CA certificates"
                        + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", ca.get().toString());
            }
            for (URI url : urls) {
                if (!"https".equals(url.getScheme())) {
                    throw new InvalidSettingException(Setting.ELASTICSEARCH_URL,
                            "https:// URLs when ELASTICSEARCH_CA_CERT is set", text(Setting.ELASTICSEARCH_URL));
                }
            }
        }
        return new ElasticsearchConnection(urls, username, password, apiKey, ca);
    }

    /**
     * Kafka security protocol, SASL mechanism and credentials, trust and key stores, checked together: credentials
     * need a SASL protocol, stores need a TLS one, so nothing set is silently ignored. Errors never show a secret.
     */
    public KafkaSecurity kafkaSecurity() {
        String protocolText = optional(Setting.KAFKA_SECURITY_PROTOCOL).orElse("PLAINTEXT");
        KafkaSecurity.Protocol protocol;
        try {
            protocol = KafkaSecurity.Protocol.valueOf(protocolText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(Setting.KAFKA_SECURITY_PROTOCOL,
                    "one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL", protocolText);
        }
        String mechanism = text(Setting.KAFKA_SASL_MECHANISM).toUpperCase(Locale.ROOT);
        String username = text(Setting.KAFKA_SASL_USERNAME);
        String password = text(Setting.KAFKA_SASL_PASSWORD);
        if (protocol.usesSasl()) {
            if (!KafkaSecurity.MECHANISMS.contains(mechanism)) {
                throw new InvalidSettingException(Setting.KAFKA_SASL_MECHANISM,
                        "one of " + String.join(", ", KafkaSecurity.MECHANISMS) + " with " + protocol, mechanism);
            }
            required(Setting.KAFKA_SASL_USERNAME);
            if (password.isEmpty()) {
                throw new InvalidSettingException(Setting.KAFKA_SASL_PASSWORD, "a value with " + protocol, "");
            }
        } else if (!mechanism.isEmpty() || !username.isEmpty() || !password.isEmpty()) {
            throw new InvalidSettingException(Setting.KAFKA_SECURITY_PROTOCOL,
                    "SASL_SSL or SASL_PLAINTEXT when KAFKA_SASL_* settings are given", protocolText);
        }
        Optional<KafkaSecurity.Store> truststore = store(Setting.KAFKA_SSL_TRUSTSTORE_LOCATION,
                Setting.KAFKA_SSL_TRUSTSTORE_PASSWORD, Setting.KAFKA_SSL_TRUSTSTORE_TYPE);
        Optional<KafkaSecurity.Store> keystore = store(Setting.KAFKA_SSL_KEYSTORE_LOCATION,
                Setting.KAFKA_SSL_KEYSTORE_PASSWORD, Setting.KAFKA_SSL_KEYSTORE_TYPE);
        if (!protocol.usesTls() && (truststore.isPresent() || keystore.isPresent())) {
            throw new InvalidSettingException(Setting.KAFKA_SECURITY_PROTOCOL,
                    "SSL or SASL_SSL when KAFKA_SSL_* settings are given", protocolText);
        }
        return new KafkaSecurity(protocol, mechanism, username, password, truststore, keystore);
    }

    private Optional<KafkaSecurity.Store> store(Setting location, Setting password, Setting type) {
        Optional<String> path = optional(location);
        if (path.isEmpty()) {
            for (Setting other : List.of(password, type)) {
                if (optional(other).isPresent()) {
                    throw new InvalidSettingException(location, "a file when " + other.name() + " is set", "");
                }
            }
            return Optional.empty();
        }
        if (!Files.isReadable(Path.of(path.get()))) {
            throw new InvalidSettingException(location, "a readable file", path.get());
        }
        String storeType = text(type).toUpperCase(Locale.ROOT);
        if (!storeType.isEmpty() && !KafkaSecurity.STORE_TYPES.contains(storeType)) {
            throw new InvalidSettingException(type, "one of " + String.join(", ", KafkaSecurity.STORE_TYPES), storeType);
        }
        return Optional.of(new KafkaSecurity.Store(path.get(), text(password), storeType));
    }

    public int systolicThreshold() {
        return integer(Setting.BP_SYSTOLIC_THRESHOLD, 60, 300);
    }

    public int diastolicThreshold() {
        return integer(Setting.BP_DIASTOLIC_THRESHOLD, 30, 200);
    }

    public double simulatorRate() {
        return positiveNumber(Setting.BP_SIMULATOR_RATE, 1_000_000);
    }

    public int simulatorPatients() {
        return integer(Setting.BP_SIMULATOR_PATIENTS, 1, 1_000_000);
    }

    public int maxMessageBytes() {
        return integer(Setting.BP_MAX_MESSAGE_BYTES, 1_024, 10_000_000);
    }

    /** Checks every setting the routes read, so none fails later on the first message. */
    public void validate() {
        routes();
        kafkaSecurity();
        if (optional(Setting.ELASTICSEARCH_URL).isPresent()) {
            elasticsearchConnection();
        }
        systolicThreshold();
        diastolicThreshold();
        simulatorRate();
        simulatorPatients();
        integer(Setting.BP_DETECTOR_MAX_POLL_RECORDS, 1, 100_000);
        integer(Setting.BP_DETECTOR_CONSUMERS, 1, 64);
        maxMessageBytes();
        integer(Setting.BP_RETRY_INITIAL_DELAY_MS, 1, 60_000);
        integer(Setting.BP_RETRY_MAX_DELAY_MS, 1, 600_000);
        integer(Setting.BP_PROGRESS_INTERVAL_MS, 100, 3_600_000);
        for (Setting name : List.of(Setting.BP_TOPIC, Setting.BP_DLQ_TOPIC, Setting.BP_GROUP_ID, Setting.BP_INDEX)) {
            required(name);
        }
        String seed = text(Setting.BP_SIMULATOR_SEED);
        if (!seed.isEmpty()) {
            try {
                Long.parseLong(seed);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(Setting.BP_SIMULATOR_SEED, "an integer or nothing", seed);
            }
        }
    }
}
