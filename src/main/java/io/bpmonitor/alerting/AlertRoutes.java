package io.bpmonitor.alerting;

import static io.bpmonitor.alerting.AlertEngine.CHANGES_PROPERTY;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import org.apache.camel.builder.RouteBuilder;

/**
 * The alerts step of a poll, called by {@code detector-index} between indexing the anomalies and committing: raise
 * the poll's alerts, write them to Elasticsearch, hand the state that decides them ({@code BP_ALERT_STATE_TOPIC}) and
 * the events ({@code BP_ALERT_TOPIC}) to the poll's Kafka transaction (a {@code read_committed} reader sees each
 * once); once the poll is committed, its state becomes the cached one. Errors go back to {@code detector-index},
 * which retries the whole poll with its back-off. With BP_ALERTS_ENABLED=false there are no such routes, and
 * {@code detector-index} does not call them.
 */
public class AlertRoutes extends RouteBuilder {

    @Override
    public void configure() {
        Settings settings = Settings.of(getContext());
        if (!settings.flag(Setting.BP_ALERTS_ENABLED)) {
            return;
        }
        // before the anomalies are indexed: loading the state waits on Kafka, so it runs on the poll's own thread
        from("direct:prepare-alerts").routeId("detector-alerts-state")
                .errorHandler(noErrorHandler())
                .bean("alertEngine", "prepare");

        from("direct:raise-alerts").routeId("detector-alerts")
                .errorHandler(noErrorHandler())
                .setProperty(CHANGES_PROPERTY, method("alertEngine", "raise"))
                // a Java predicate: simple's OGNL would look the record's bean info up by its (deep) hash each poll
                .filter(exchange -> !exchange.getProperty(CHANGES_PROPERTY, AlertChanges.class).alerts().isEmpty())
                    .setBody(method("alertEngine", "operations"))
                    .to("elasticsearch:bp-monitor?operation=Bulk&indexName={{bp.alert-index}}")
                    .bean("alertEngine", "inspect")
                .end()
                // the state and the events go out in the poll's Kafka transaction, with its dead letters and offsets
                .bean("alertEngine", "publish");

        from("direct:alerts-committed").routeId("detector-alerts-committed")
                .errorHandler(noErrorHandler())
                .bean("alertEngine", "settle");
    }
}
