package io.bpmonitor.alerts;

import java.util.Locale;
import java.util.Map;

import io.bpmonitor.observe.ReadinessCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Readiness of the alert engine where it runs: UP while Kafka Streams runs or rebalances (patients change hands, none
 * is dropped), DOWN while it has not started, is shutting down or failed, with its state as the message.
 */
public class AlertEngineHealthCheck extends ReadinessCheck {

    /** The id this check has in {@code /observe/health}. */
    public static final String ID = "alert-engine";

    public AlertEngineHealthCheck() {
        super(ID, 0);
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        AlertEngine engine = getCamelContext().getRegistry().lookupByNameAndType("alertEngine", AlertEngine.class);
        if (engine == null) {
            builder.up();
            return;
        }
        KafkaStreams.State state = engine.state();
        builder.detail("state", state.name());
        if (state.isRunningOrRebalancing()) {
            builder.up();
        } else {
            builder.message("The alert engine is " + state.name().toLowerCase(Locale.ROOT)).down();
        }
    }
}
