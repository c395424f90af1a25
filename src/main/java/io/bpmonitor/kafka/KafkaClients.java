package io.bpmonitor.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The one way to Kafka: the properties of every client bp-monitor makes itself (admin, consumers, Kafka Streams) come
 * from the camel-kafka component's configuration, where {@code app.StartupChecks} puts the brokers and
 * {@link KafkaSecurity} the security, so they connect exactly as the {@code kafka:} endpoints do. Holds secrets: never
 * logged.
 */
public final class KafkaClients {

    private static final Pattern SECURITY_KEYS = Pattern.compile("security\\.protocol|sasl\\.|ssl\\.");

    private final String brokers;
    private final Map<String, Object> security;

    private KafkaClients(String brokers, Map<String, Object> security) {
        this.brokers = brokers;
        this.security = Map.copyOf(security);
    }

    public static KafkaClients of(CamelContext context) {
        return of(context.getComponent("kafka", KafkaComponent.class).getConfiguration());
    }

    /** Brokers and security as camel-kafka derives them from the component's options, secrets included. */
    public static KafkaClients of(KafkaConfiguration component) {
        Map<String, Object> security = new HashMap<>();
        component.createProducerProperties().forEach((key, value) -> {
            if (SECURITY_KEYS.matcher(key.toString()).lookingAt()) {
                security.put(key.toString(), value);
            }
        });
        return new KafkaClients(component.getBrokers() == null ? "" : component.getBrokers(), security);
    }

    /** {@code host:port,...}; empty when none is configured. */
    public String brokers() {
        return brokers;
    }

    /** Brokers and security, for a client to add its own properties to: a new map each time. */
    public Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>(security);
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers);
        return properties;
    }

    /** An admin client whose every call gives up after {@code timeout}. */
    public Admin admin(String clientId, Duration timeout) {
        Map<String, Object> properties = properties();
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return Admin.create(properties);
    }
}
