package io.bpmonitor.observe;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.bpmonitor.kafka.KafkaClients;
import org.apache.camel.Service;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Readiness of the Kafka cluster every role reads from or writes to: a {@code describeCluster} with a short deadline,
 * through one Admin client with the app's own brokers and security. A consumer whose broker is gone only polls empty,
 * so Camel's consumer checks stay UP; this one goes DOWN. Not liveness: the clients reconnect by themselves.
 */
public class KafkaHealthCheck extends ReadinessCheck implements Service {

    /** The id this check has in {@code /observe/health}. */
    public static final String ID = "kafka";

    private Admin admin;

    public KafkaHealthCheck(int timeoutMillis) {
        super(ID, timeoutMillis);
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis))
                    .nodes().get(timeoutMillis + 1_000L, TimeUnit.MILLISECONDS).size();
            builder.detail("brokers.reachable", nodes).up();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.message("interrupted").down();
        } catch (Exception e) {
            // the exception's class only: its message can name hosts or principals
            builder.message("Kafka unreachable (" + e.getClass().getSimpleName() + ")").down();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            // made at the first check, after the start-up checks have named a missing KAFKA_BROKERS
            admin = KafkaClients.of(getCamelContext()).admin("bp-monitor-health", Duration.ofMillis(timeoutMillis));
        }
        return admin;
    }

    @Override
    public void start() {
        // the Admin client is made on the first check
    }

    /** Camel stops it with the context ({@code addService}), which closes the Admin client. */
    @Override
    public synchronized void stop() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
