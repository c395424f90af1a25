package io.bpmonitor.alerting;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * The projection of the alert topic into the alert index, in the alerts role: one bulk request per poll
 * ({@link AlertProjection}), the poll's offsets committed once Elasticsearch took it. Anything on the way that fails
 * (Elasticsearch down, a refusal) retries the poll with back-off and commits nothing meanwhile: alerts wait, none is
 * lost. The engine itself is not a route: {@link AlertEngine}, a service started and stopped with Camel.
 */
public class AlertRoutes extends RouteBuilder {

    private static final String POLL = "bpAlertPoll";

    @Override
    public void configure() {
        Settings settings = Settings.of(getContext());
        from("kafka:{{bp.alert-topic}}?groupId={{bp.alert.projection.group-id}}&autoOffsetReset=earliest"
                // only committed events: an aborted transaction of the engine is never indexed
                + "&isolationLevel=read_committed&autoCommitEnable=false"
                // a poll that failed (only at shutdown: errors are retried) is read again, never committed
                + "&breakOnFirstError=true"
                + "&batching=true&maxPollRecords=500&batchingIntervalMs=100&pollTimeoutMs=100"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
                .routeId("alerts-projection")
                .errorHandler(defaultErrorHandler()
                        .maximumRedeliveries(-1)
                        .redeliveryDelay(settings.integer(Setting.BP_ALERT_RETRY_INITIAL_DELAY_MS))
                        .useExponentialBackOff().backOffMultiplier(2)
                        .maximumRedeliveryDelay(settings.integer(Setting.BP_ALERT_RETRY_MAX_DELAY_MS))
                        .allowRedeliveryWhileStopping(false)
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logStackTrace(false)
                        .logExhaustedMessageBody(false)
                        .logExhaustedMessageHistory(false))
                .setProperty(POLL, body())
                // a retry sends the poll through every step again: a bulk request's builders are used once
                .to("direct:alerts-projection-bulk");

        from("direct:alerts-projection-bulk").routeId("alerts-projection-bulk")
                .errorHandler(noErrorHandler())
                .setBody(exchangeProperty(POLL))
                .setBody(method("alertProjection", "operations"))
                .filter(simple("${body.isEmpty()} == false"))
                    .to("elasticsearch:bp-monitor?operation=Bulk&indexName={{bp.alert-index}}")
                    .bean("alertProjection", "inspect")
                .end();
    }
}
