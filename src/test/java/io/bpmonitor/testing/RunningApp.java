package io.bpmonitor.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.bpmonitor.localstack.FreePorts;
import io.bpmonitor.observe.PipelineCounters;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * bp-monitor running in the test JVM against the shared Kafka and Elasticsearch, with its own topics, group and index
 * so tests do not see each other's data. Settings are given as properties ({@code bp.topic}, ...), exactly as an
 * operator would give them.
 */
public final class RunningApp implements AutoCloseable {

    private final Main main;
    private final Map<String, String> settings;

    private RunningApp(Main main, Map<String, String> settings) {
        this.main = main;
        this.settings = settings;
    }

    /** Fresh, unique names for one test's topic, dead-letter topic, group and index, on the shared stack. */
    public static Map<String, String> isolatedSettings() {
        return isolatedSettings(SharedStack.kafkaBootstrapServers(), SharedStack.elasticsearchUrl());
    }

    /** The same against other services, e.g. a test's own secured node, without starting the shared one. */
    public static Map<String, String> isolatedSettings(String kafkaBrokers, String elasticsearchUrl) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>();
        settings.put("bp.kafka.brokers", kafkaBrokers);
        settings.put("bp.elasticsearch.url", elasticsearchUrl);
        settings.put("bp.topic", "bp-observations-" + suffix);
        settings.put("bp.dlq-topic", "bp-observations-dlq-" + suffix);
        settings.put("bp.group-id", "bp-anomaly-detector-" + suffix);
        settings.put("bp.index", "bp_anomalies_" + suffix);
        settings.put("bp.readings-topic", "bp-readings-" + suffix);
        settings.put("bp.alert-topic", "bp-alerts-" + suffix);
        settings.put("bp.alert-index", "bp_alerts_" + suffix);
        settings.put("bp.alert.application-id", "bp-alert-engine-" + suffix);
        settings.put("bp.alert.projection.group-id", "bp-alert-projection-" + suffix);
        settings.put("bp.routes", "detector");
        settings.put("bp.progress-interval-ms", "1000");
        return withOwnPorts(settings);
    }

    /**
     * {@code settings} with free ports of their own for the management server (/observe/*) and the board (8080 by
     * default), so a running bp-monitor or another test never clashes: each of two apps started at once needs its own.
     */
    public static Map<String, String> withOwnPorts(Map<String, String> settings) {
        Map<String, String> own = new HashMap<>(settings);
        own.put("bp.management.port", String.valueOf(FreePorts.next()));
        own.put("bp.board.port", String.valueOf(FreePorts.next()));
        return own;
    }

    public static RunningApp start(Map<String, String> settings) throws Exception {
        Main main = new Main();
        settings.forEach(main::addOverrideProperty);
        main.addMainListener(new io.bpmonitor.localstack.LocalStackLauncher());
        main.start();
        return new RunningApp(main, Map.copyOf(settings));
    }

    public String setting(String key) {
        return settings.get(key);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public PipelineCounters counters() {
        return context().getRegistry().lookupByNameAndType("pipelineCounters", PipelineCounters.class);
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
