package io.bpmonitor.alerting;

import static io.bpmonitor.alerting.AlertEngine.CHANGES_PROPERTY;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import org.apache.camel.builder.RouteBuilder;

/**
 * The alerts step of a poll, called by {@code detector-index} before the poll's bulk request: make sure the alert state
 * of its partitions is at hand (loaded from {@code BP_ALERT_STATE_TOPIC} after a restart or a takeover), raise its
 * alerts, put their documents into the bulk request with the anomalies, and hand the state that decides them and the
 * events ({@code BP_ALERT_TOPIC}) to the poll's Kafka transaction (a {@code read_committed} reader sees each once);
 * once the poll is committed, its state becomes the cached one. Errors go back to {@code detector-index}, which retries
 * the whole poll with its back-off. With BP_ALERTS_ENABLED=false there are no such routes, and {@code detector-index}
 * does not call them.
 */
public class AlertRoutes extends RouteBuilder {

    @Override
    public void configure() {
        Settings settings = Settings.of(getContext());
        if (!settings.flag(Setting.BP_ALERTS_ENABLED)) {
            return;
        }
        from("direct:raise-alerts").routeId("detector-alerts")
                .errorHandler(noErrorHandler())
                .bean("alertEngine", "prepare")
                .setProperty(CHANGES_PROPERTY, method("alertEngine", "raise"))
                // the state and the events go out in the poll's Kafka transaction, with its dead letters and offsets
                .bean("alertEngine", "publish");

        from("direct:alerts-committed").routeId("detector-alerts-committed")
                .errorHandler(noErrorHandler())
                .bean("alertEngine", "settle");
    }
}
