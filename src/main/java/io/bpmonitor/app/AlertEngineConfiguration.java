package io.bpmonitor.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.bpmonitor.alerts.AlertEngine;
import io.bpmonitor.alerts.AlertEngineHealthCheck;
import io.bpmonitor.alerts.AlertRules;
import io.bpmonitor.alerts.AlertTopology;
import io.bpmonitor.alerts.Episodes;
import io.bpmonitor.alerts.HomeRules;
import io.bpmonitor.alerts.PreviousReleaseAlerts;
import io.bpmonitor.alerts.Reviews;
import io.bpmonitor.config.Role;
import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import io.bpmonitor.kafka.KafkaClients;
import io.bpmonitor.kafka.PartitionedTopics;
import io.bpmonitor.rules.PatientTarget;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.elasticsearch.client.RestClient;

/**
 * Where the alerts role runs, the alert engine as a service of Camel's (bean {@code alertEngine}): started with the
 * context, stopped with it, its state in {@code /observe/health}. Apart from {@link BpMonitorConfiguration} so a route
 * test, which loads only that, never starts a Kafka Streams application.
 */
public class AlertEngineConfiguration implements CamelConfiguration {

    /** In the working directory, not the system's temporary one, which cleaners may empty under a running engine. */
    static final String DEFAULT_STATE_DIR = "alert-state";

    /** Found by camel-health through the registry; UP where the engine does not run. */
    @BindToRegistry("alertEngineHealthCheck")
    public AlertEngineHealthCheck alertEngineHealthCheck() {
        return new AlertEngineHealthCheck();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        if (Settings.of(context).roles().runs(Role.ALERTS)) {
            AlertEngine engine = alertEngine(context);
            context.getRegistry().bind("alertEngine", engine);
            context.addService(engine, true, true);
        }
    }

    /**
     * The alert engine where the alerts role runs: its topics partitioned like the readings before it starts, and the
     * open alerts a previous release left in the index taken over.
     */
    private static AlertEngine alertEngine(CamelContext context) {
        Settings settings = Settings.of(context);
        String readingsTopic = settings.required(Setting.BP_READINGS_TOPIC);
        String alertTopic = settings.required(Setting.BP_ALERT_TOPIC);
        String patientDaysTopic = settings.required(Setting.BP_PATIENT_DAYS_TOPIC);
        String targetsTopic = settings.required(Setting.BP_PATIENT_TARGETS_TOPIC);
        String reviewsTopic = settings.required(Setting.BP_ALERT_REVIEWS_TOPIC);
        String readingsLike = settings.required(Setting.BP_TOPIC);
        Map<String, Object> kafka = KafkaClients.of(context).properties();
        PartitionedTopics topics = new PartitionedTopics(kafka);
        PreviousReleaseAlerts previousRelease = new PreviousReleaseAlerts(
                () -> context.getRegistry().lookupByNameAndType("elasticsearchRestClient", RestClient.class),
                settings.required(Setting.BP_ALERT_INDEX), () -> topics.partitions(readingsTopic));
        Path stateDir = settings.optional(Setting.BP_ALERT_STATE_DIR).map(Path::of)
                .orElse(Path.of(DEFAULT_STATE_DIR));
        return new AlertEngine(new AlertEngine.Config(kafka,
                settings.required(Setting.BP_ALERT_APPLICATION_ID), settings.integer(Setting.BP_ALERT_STANDBY_REPLICAS),
                stateDir),
                AlertTopology.build(new AlertTopology.Topics(readingsTopic, targetsTopic, reviewsTopic, alertTopic,
                        patientDaysTopic), new Episodes(AlertRules.from(settings)),
                        new Reviews(Duration.ofMinutes(settings.integer(Setting.BP_ALERT_ESCALATE_MINUTES))),
                        HomeRules.from(settings), previousRelease),
                () -> context.getRegistry().findSingleByType(MeterRegistry.class),
                () -> {
                    topics.ensure(readingsTopic, readingsLike, Map.of());
                    topics.ensure(alertTopic, readingsLike, Map.of());
                    topics.ensure(patientDaysTopic, readingsLike, Map.of());
                    topics.ensure(targetsTopic, readingsLike, PatientTarget.TOPIC_CONFIG);
                    topics.ensure(reviewsTopic, readingsLike, Map.of());
                });
    }
}
