package io.bpmonitor.alerts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert engine: the {@link AlertTopology} in a Kafka Streams application, started and stopped with Camel.
 * Exactly-once v2, so a patient's state and the events it sends change together or not at all; standby replicas, so
 * an instance taking over a dead one's patients has their state at hand. Failure detection is tuned for a takeover
 * within seconds: a dead or stopped instance leaves the group after {@value #SESSION_TIMEOUT_MS} ms, and the
 * transaction a dead one left open is aborted after {@value #TRANSACTION_TIMEOUT_MS} ms.
 */
public class AlertEngine extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
    /** The broker's smallest by default ({@code group.min.session.timeout.ms}). */
    static final int SESSION_TIMEOUT_MS = 6_000;
    static final int TRANSACTION_TIMEOUT_MS = 5_000;
    static final int COMMIT_INTERVAL_MS = 250;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What the engine is given.
     *
     * @param kafka           bootstrap servers and security of the application's Kafka clients
     * @param applicationId   BP_ALERT_APPLICATION_ID
     * @param standbyReplicas BP_ALERT_STANDBY_REPLICAS
     * @param stateDir        where the local state lives
     */
    public record Config(Map<String, Object> kafka, String applicationId, int standbyReplicas, Path stateDir) {
    }

    /** What must be there before the engine starts: its topics. */
    @FunctionalInterface
    public interface Preparation {
        void prepare() throws Exception;
    }

    private final Config config;
    private final Topology topology;
    private final Supplier<MeterRegistry> meters;
    private final Preparation preparation;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics metrics;

    /** @param meters where its metrics go ({@code /observe/metrics}): null when there is no registry */
    public AlertEngine(Config config, Topology topology, Supplier<MeterRegistry> meters, Preparation preparation) {
        this.config = config;
        this.topology = topology;
        this.meters = meters;
        this.preparation = preparation;
    }

    /** The engine's state, as Kafka Streams reports it; NOT_RUNNING before start. */
    public KafkaStreams.State state() {
        KafkaStreams current = streams;
        return current == null ? KafkaStreams.State.NOT_RUNNING : current.state();
    }

    @Override
    protected void doStart() throws Exception {
        preparation.prepare();
        KafkaStreams started = new KafkaStreams(topology, properties());
        // a failure in a stream thread (a broker gone for long, a bug) replaces the thread; the task restarts from its
        // last commit, which exactly-once makes safe
        started.setUncaughtExceptionHandler(failure -> {
            LOG.error("Alert engine thread failed ({}); replaced", failure.getClass().getSimpleName());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        started.setStateListener((now, before) -> LOG.info("Alert engine {} (was {})", now, before));
        MeterRegistry registry = meters.get();
        if (registry != null) {
            metrics = new KafkaStreamsMetrics(started);
            metrics.bindTo(registry);
        }
        started.start();
        streams = started;
    }

    Properties properties() {
        Properties properties = new Properties();
        properties.putAll(config.kafka());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        // each commit flushes the stores and ends a transaction: 4 a second instead of exactly-once's 10, well inside
        // the 2 s from a crisis reading to its alert in the index
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), SESSION_TIMEOUT_MS / 3);
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), TRANSACTION_TIMEOUT_MS);
        return properties;
    }

    @Override
    protected void doStop() {
        KafkaStreams running = streams;
        streams = null;
        if (running != null) {
            // commits what it processed; its partitions move to the other instances after the session timeout
            running.close(CLOSE_TIMEOUT);
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }
}
