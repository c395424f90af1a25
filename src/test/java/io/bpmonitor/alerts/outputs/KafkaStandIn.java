package io.bpmonitor.alerts.outputs;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.kafka.KafkaComponent;

/**
 * Bound as the {@code kafka} component of a route test: {@code kafka:<topic>?...} becomes {@code mock:<topic>}, its
 * Kafka options dropped. For producers Camel builds outside a route's own steps (a route configuration's dead-letter
 * step), which advice cannot weave. A {@link KafkaComponent} still, so camel-main configures it as one.
 */
final class KafkaStandIn extends KafkaComponent {

    @Override
    public Endpoint createEndpoint(String uri, Map<String, Object> parameters) {
        return createEndpoint(uri);
    }

    @Override
    public Endpoint createEndpoint(String uri) {
        String topic = uri.replaceFirst("^kafka:(//)?", "").replaceFirst("\\?.*$", "");
        return getCamelContext().getEndpoint("mock:" + topic);
    }
}
