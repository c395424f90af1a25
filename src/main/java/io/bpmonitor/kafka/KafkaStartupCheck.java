package io.bpmonitor.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.bpmonitor.config.Causes;
import io.bpmonitor.config.StartupCheckException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before any route starts: can bp-monitor reach Kafka at {@code KAFKA_BROKERS} and log in with its security settings?
 * A TCP connect to the bootstrap addresses, then an Admin {@code describeCluster} with a short deadline. A failure
 * becomes one line naming the setting to fix, instead of clients retrying forever in the background.
 */
public final class KafkaStartupCheck {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStartupCheck.class);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    private static final int CONNECT_TIMEOUT_MS = 3_000;

    private KafkaStartupCheck() {
    }

    /**
     * @param clients the clients of the Kafka component, whose security options {@link KafkaSecurity#applyTo} set:
     *                the probe connects exactly as the routes will
     */
    public static void run(KafkaClients clients, KafkaSecurity security, Duration timeout) {
        String brokers = clients.brokers();
        requireReachable(brokers);
        Admin admin;
        try {
            admin = clients.admin("bp-monitor-startup-check", timeout);
        } catch (RuntimeException e) {
            throw explainConfiguration(e, brokers, security);
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            LOG.info("Kafka at {} answered ({})", brokers, security.describe());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupCheckException("Interrupted while checking Kafka at " + brokers);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw explain(e, brokers, security, timeout);
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
    }

    /** At least one bootstrap address must accept a TCP connection; a refused or unknown one fails at once. */
    static void requireReachable(String brokers) {
        List<String> problems = new ArrayList<>();
        for (String address : brokers.split(",")) {
            String trimmed = address.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0) {
                throw new StartupCheckException("KAFKA_BROKERS: '" + trimmed + "' is not host:port");
            }
            String host = trimmed.substring(0, colon).replace("[", "").replace("]", "");
            int port;
            try {
                port = Integer.parseInt(trimmed.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new StartupCheckException("KAFKA_BROKERS: '" + trimmed + "' is not host:port");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException e) {
                problems.add(trimmed + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            }
        }
        throw new StartupCheckException("No Kafka broker can be reached at " + String.join(", ", problems)
                + ": check KAFKA_BROKERS");
    }

    static StartupCheckException explain(Throwable error, String brokers, KafkaSecurity security, Duration timeout) {
        String where = "Kafka at " + brokers;
        if (Causes.find(error, SaslAuthenticationException.class).isPresent()) {
            return new StartupCheckException(where + " rejected the SASL " + security.mechanism()
                    + " login: check KAFKA_SASL_PASSWORD and KAFKA_SASL_USERNAME (and KAFKA_SASL_MECHANISM)");
        }
        if (Causes.find(error, SslAuthenticationException.class).isPresent()) {
            return new StartupCheckException(where + ": TLS handshake failed: the broker's certificate is not trusted by"
                    + " KAFKA_SSL_TRUSTSTORE_LOCATION or does not name the host in KAFKA_BROKERS"
                    + " (or the broker requires a client certificate: KAFKA_SSL_KEYSTORE_LOCATION)");
        }
        if (Causes.find(error, AuthenticationException.class).isPresent()) {
            return new StartupCheckException(where + " refused the login over " + security.protocol()
                    + ": check KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD");
        }
        if (Causes.find(error, org.apache.kafka.common.errors.TimeoutException.class).isPresent()
                || error instanceof java.util.concurrent.TimeoutException) {
            return new StartupCheckException(where + " did not answer within " + timeout.toSeconds() + " s over "
                    + security.protocol() + ": check KAFKA_BROKERS and that KAFKA_SECURITY_PROTOCOL matches the broker's"
                    + " listener on that port");
        }
        return new StartupCheckException(where + ": start-up check failed ("
                + Causes.rootText(error) + "); check KAFKA_BROKERS and KAFKA_SECURITY_PROTOCOL");
    }

    /** Admin.create fails on unusable stores or addresses before connecting. */
    static StartupCheckException explainConfiguration(Throwable error, String brokers, KafkaSecurity security) {
        String text = Causes.chain(error).stream().map(t -> String.valueOf(t.getMessage()))
                .collect(java.util.stream.Collectors.joining(" ")).toLowerCase(Locale.ROOT);
        if (text.contains("truststore") || text.contains("trust store")) {
            return new StartupCheckException("Kafka trust store cannot be used (" + Causes.rootText(error)
                    + "): check KAFKA_SSL_TRUSTSTORE_LOCATION, KAFKA_SSL_TRUSTSTORE_PASSWORD and KAFKA_SSL_TRUSTSTORE_TYPE");
        }
        if (text.contains("keystore") || text.contains("key store")) {
            return new StartupCheckException("Kafka key store cannot be used (" + Causes.rootText(error)
                    + "): check KAFKA_SSL_KEYSTORE_LOCATION, KAFKA_SSL_KEYSTORE_PASSWORD and KAFKA_SSL_KEYSTORE_TYPE");
        }
        if (text.contains("bootstrap")) {
            return new StartupCheckException("Kafka bootstrap servers '" + brokers + "' cannot be used ("
                    + Causes.rootText(error) + "): check KAFKA_BROKERS");
        }
        return new StartupCheckException("Kafka client cannot be configured for " + security.describe() + " ("
                + Causes.rootText(error) + "): check KAFKA_SECURITY_PROTOCOL and the KAFKA_SASL_* / KAFKA_SSL_* settings");
    }
}
