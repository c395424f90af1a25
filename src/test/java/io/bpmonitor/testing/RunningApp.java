package io.bpmonitor.testing;

import static io.bpmonitor.config.Setting.BP_ALERT_APPLICATION_ID;
import static io.bpmonitor.config.Setting.BP_ALERT_INDEX;
import static io.bpmonitor.config.Setting.BP_ALERT_PROJECTION_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_ALERT_REVIEWS_TOPIC;
import static io.bpmonitor.config.Setting.BP_ALERT_TOPIC;
import static io.bpmonitor.config.Setting.BP_AUDIT_INDEX;
import static io.bpmonitor.config.Setting.BP_BOARD_PORT;
import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_MANAGEMENT_PORT;
import static io.bpmonitor.config.Setting.BP_PATIENT_DAYS_INDEX;
import static io.bpmonitor.config.Setting.BP_PATIENT_DAYS_TOPIC;
import static io.bpmonitor.config.Setting.BP_PATIENT_TARGETS_TOPIC;
import static io.bpmonitor.config.Setting.BP_PROGRESS_INTERVAL_MS;
import static io.bpmonitor.config.Setting.BP_READINGS_TOPIC;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static io.bpmonitor.config.Setting.BP_USERS_FILE;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_URL;
import static io.bpmonitor.config.Setting.KAFKA_BROKERS;

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
        settings.put(KAFKA_BROKERS.property(), kafkaBrokers);
        settings.put(ELASTICSEARCH_URL.property(), elasticsearchUrl);
        settings.put(BP_TOPIC.property(), "bp-observations-" + suffix);
        settings.put(BP_DLQ_TOPIC.property(), "bp-observations-dlq-" + suffix);
        settings.put(BP_GROUP_ID.property(), "bp-anomaly-detector-" + suffix);
        settings.put(BP_INDEX.property(), "bp_anomalies_" + suffix);
        settings.put(BP_READINGS_TOPIC.property(), "bp-readings-" + suffix);
        settings.put(BP_ALERT_TOPIC.property(), "bp-alerts-" + suffix);
        settings.put(BP_ALERT_INDEX.property(), "bp_alerts_" + suffix);
        settings.put(BP_ALERT_APPLICATION_ID.property(), "bp-alert-engine-" + suffix);
        settings.put(BP_ALERT_PROJECTION_GROUP_ID.property(), "bp-alert-projection-" + suffix);
        settings.put(BP_PATIENT_DAYS_TOPIC.property(), "bp-patient-days-" + suffix);
        settings.put(BP_PATIENT_DAYS_INDEX.property(), "bp_patient_days_" + suffix);
        settings.put(BP_PATIENT_TARGETS_TOPIC.property(), "bp-patient-targets-" + suffix);
        settings.put(BP_ALERT_REVIEWS_TOPIC.property(), "bp-alert-reviews-" + suffix);
        settings.put(BP_AUDIT_INDEX.property(), "bp_audit_" + suffix);
        try {
            // never the working directory's: a local run would write one there
            settings.put(BP_USERS_FILE.property(), TestUsers.sharedFile().toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        settings.put(BP_ROUTES.property(), "detector");
        settings.put(BP_PROGRESS_INTERVAL_MS.property(), "1000");
        return withOwnPorts(settings);
    }

    /**
     * {@code settings} with free ports of their own for the management server (/observe/*) and the board (8080 by
     * default), so a running bp-monitor or another test never clashes: each of two apps started at once needs its own.
     */
    public static Map<String, String> withOwnPorts(Map<String, String> settings) {
        Map<String, String> own = new HashMap<>(settings);
        own.put(BP_MANAGEMENT_PORT.property(), String.valueOf(FreePorts.next()));
        own.put(BP_BOARD_PORT.property(), String.valueOf(FreePorts.next()));
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
