package io.bpmonitor.alerting;

import static io.bpmonitor.alerting.AlertEngine.CHANGES_PROPERTY;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The alerts step of a poll, called by {@code detector-index} between indexing the anomalies and committing: raise
 * the poll's alerts, write them and the state that decides them to Elasticsearch, publish the events to
 * {@code BP_ALERT_TOPIC}; once the poll is committed, its state becomes the cached one. Errors go back to
 * {@code detector-index}, which retries the whole poll with its back-off. With BP_ALERTS_ENABLED=false there are no
 * such routes, and {@code detector-index} does not call them.
 */
public class AlertRoutes extends RouteBuilder {

    @Override
    public void configure() {
        if (!Settings.of(getContext()).flag(Setting.BP_ALERTS_ENABLED)) {
            return;
        }
        // before the anomalies are indexed: loading state waits on Elasticsearch, so it runs on the consumer's thread
        from("direct:prepare-alerts").routeId("detector-alerts-state")
                .errorHandler(noErrorHandler())
                .bean("alertEngine", "prepare");

        from("direct:raise-alerts").routeId("detector-alerts")
                .errorHandler(noErrorHandler())
                .setProperty(CHANGES_PROPERTY, method("alertEngine", "raise"))
                .filter(simple("${exchangeProperty." + CHANGES_PROPERTY + ".writesNothing()} == false"))
                    .setBody(method("alertStateStore", "operations(${exchangeProperty." + CHANGES_PROPERTY + "})"))
                    .to("elasticsearch:bp-monitor?operation=Bulk&indexName={{bp.alert-index}}")
                    .bean("alertEngine", "inspect")
                .end()
                .split(simple("${exchangeProperty." + CHANGES_PROPERTY + ".events()}")).stopOnException()
                    .setHeader(KafkaConstants.KEY, simple("${body.patientId()}"))
                    .setBody(method(AlertJson.class, "text"))
                    .to("kafka:{{bp.alert-topic}}")
                .end();

        from("direct:alerts-committed").routeId("detector-alerts-committed")
                .errorHandler(noErrorHandler())
                .bean("alertEngine", "settle");
    }
}
