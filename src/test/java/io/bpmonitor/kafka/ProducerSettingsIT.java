package io.bpmonitor.kafka;

import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_MODE;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_RATE;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.junit.jupiter.api.Test;

/**
 * Producer side of the guarantee: the simulator's and the dead-letter producer's Kafka clients wait for all in-sync
 * replicas and are idempotent, so a retried send neither loses nor duplicates a record.
 */
class ProducerSettingsIT {

    @Test
    void everyKafkaProducerUsesAcksAllAndIdempotence() throws Exception {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.put(BP_ROUTES.property(), "simulator,detector");
        settings.put(BP_SIMULATOR_RATE.property(), "20");
        settings.put(BP_SIMULATOR_MODE.property(), "stream");
        try (RunningApp app = RunningApp.start(settings)) {
            Poll.until(Duration.ofSeconds(30), () -> GroupOffsets.recordCount(settings.get(BP_TOPIC.property())) > 0,
                    "the simulator producing");
            // the dead-letter endpoint is resolved at the detector's first poll transaction, which commits the offsets
            Poll.until(Duration.ofSeconds(30),
                    () -> !GroupOffsets.committed(settings.get(BP_GROUP_ID.property()),
                            settings.get(BP_TOPIC.property())).isEmpty(),
                    "the detector's first poll committed");
            List<KafkaEndpoint> endpoints = app.context().getEndpoints().stream()
                    .filter(KafkaEndpoint.class::isInstance).map(KafkaEndpoint.class::cast).toList();
            assertThat(endpoints).extracting(endpoint -> endpoint.getConfiguration().getTopic())
                    .contains(settings.get(BP_TOPIC.property()), settings.get(BP_DLQ_TOPIC.property()));
            for (KafkaEndpoint endpoint : endpoints) {
                assertThat(endpoint.getConfiguration().getRequestRequiredAcks()).as(endpoint.getEndpointUri())
                        .isEqualTo("all");
                assertThat(endpoint.getConfiguration().isEnableIdempotence()).as(endpoint.getEndpointUri()).isTrue();
                // what the Kafka client is actually given
                Properties client = endpoint.getConfiguration().createProducerProperties();
                assertThat(client.getProperty("acks")).as(endpoint.getEndpointUri()).isEqualTo("all");
                assertThat(client.get("enable.idempotence")).as(endpoint.getEndpointUri()).hasToString("true");
            }
        }
    }
}
