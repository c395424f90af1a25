package io.bpmonitor.alerting;

import static io.bpmonitor.alerting.AlertEngine.CHANGES_PROPERTY;
import static io.bpmonitor.delivery.BatchCompletion.BATCH_PROPERTY;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import io.bpmonitor.delivery.DetectionBatch;
import org.apache.camel.builder.RouteBuilder;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The alerts step of a poll, called by {@code detector-index} between indexing the anomalies and committing: raise
 * the poll's alerts, write them and the state that decides them to Elasticsearch, hand the events for
 * {@code BP_ALERT_TOPIC} to the poll's Kafka transaction (a {@code read_committed} reader sees each once); once the
 * poll is committed, its state becomes the cached one. Errors go back to {@code detector-index}, which retries the
 * whole poll with its back-off. With BP_ALERTS_ENABLED=false there are no such routes, and {@code detector-index} does
 * not call them.
 */
public class AlertRoutes extends RouteBuilder {

    @Override
    public void configure() {
        Settings settings = Settings.of(getContext());
        if (!settings.flag(Setting.BP_ALERTS_ENABLED)) {
            return;
        }
        String alertTopic = settings.text(Setting.BP_ALERT_TOPIC);
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
                // the events go out in the poll's Kafka transaction, with its dead letters and offsets
                .process(exchange -> exchange.getProperty(BATCH_PROPERTY, DetectionBatch.class).publishWithOffsets(
                        events(exchange.getProperty(CHANGES_PROPERTY, AlertChanges.class), alertTopic)));

        from("direct:alerts-committed").routeId("detector-alerts-committed")
                .errorHandler(noErrorHandler())
                .bean("alertEngine", "settle");
    }

    /** One record per alert opened or resolved, keyed by patient, its value the alert's JSON. */
    static List<ProducerRecord<byte[], byte[]>> events(AlertChanges changes, String topic) {
        return changes.events().stream().map(alert -> new ProducerRecord<>(topic,
                alert.patientId().getBytes(StandardCharsets.UTF_8),
                AlertJson.text(alert).getBytes(StandardCharsets.UTF_8))).toList();
    }
}
