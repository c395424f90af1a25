package io.bpmonitor.delivery;

import static io.bpmonitor.delivery.BatchCompletion.BATCH_PROPERTY;
import static io.bpmonitor.delivery.BatchCompletion.INDEXED_PROPERTY;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * The durable half of the detector, after the YAML route's pollClassifier has sorted a poll into anomalies, normal readings and dead
 * letters: bulk-index the anomalies, raise the alerts ({@code alerting.AlertRoutes}), publish the dead letters, then
 * commit the poll's offsets. Any failure on the way
 * (Elasticsearch down, slow, answering 429/5xx, Kafka unreachable for the dead letters) retries the whole step with a
 * capped exponential back-off and commits nothing meanwhile; every step is idempotent, so a retry duplicates nothing
 * in Elasticsearch.
 */
public class DetectorIndexingRoutes extends RouteBuilder {

    @Override
    public void configure() {
        Settings settings = Settings.of(getContext());
        long initialRetryDelayMs = settings.integer(Setting.BP_RETRY_INITIAL_DELAY_MS);
        long maxRetryDelayMs = settings.integer(Setting.BP_RETRY_MAX_DELAY_MS);
        boolean alerts = settings.flag(Setting.BP_ALERTS_ENABLED);
        from("direct:index-anomalies").routeId("detector-index")
                .errorHandler(defaultErrorHandler()
                        .maximumRedeliveries(-1)
                        .redeliveryDelay(initialRetryDelayMs)
                        .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(maxRetryDelayMs)
                        // at shutdown, give up the batch uncommitted: it is re-read on restart
                        .allowRedeliveryWhileStopping(false)
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logStackTrace(false)
                        .logExhaustedMessageBody(false)
                        .logExhaustedMessageHistory(false))
                .filter(body().isInstanceOf(DetectionBatch.class))
                    .to(alerts ? "direct:prepare-alerts" : "direct:alerts-off")
                    .to("direct:bulk-index")
                    .to(alerts ? "direct:raise-alerts" : "direct:alerts-off")
                    .to("direct:publish-dead-letters")
                    .bean("batchCompletion", "complete")
                    .to(alerts ? "direct:alerts-committed" : "direct:alerts-off")
                .end();

        // BP_ALERTS_ENABLED=false: the alerts steps (alerting.AlertRoutes) are left out
        from("direct:alerts-off").routeId("detector-alerts-off").log(LoggingLevel.TRACE, "alerts are off");

        from("direct:bulk-index").routeId("detector-bulk")
                .errorHandler(noErrorHandler())
                .setBody(exchangeProperty(BATCH_PROPERTY))
                .bean("bulkRequests", "operations")
                .choice()
                    .when(simple("${body.isEmpty()}"))
                        .setProperty(INDEXED_PROPERTY, constant(0))
                    .otherwise()
                        .to("elasticsearch:bp-monitor?operation=Bulk&indexName={{bp.index}}")
                        .setProperty(INDEXED_PROPERTY, method("bulkResponseInspector", "inspect"))
                .end();

        from("direct:publish-dead-letters").routeId("detector-dead-letters")
                .errorHandler(noErrorHandler())
                .split(simple("${exchangeProperty." + BATCH_PROPERTY + ".deadLetters()}")).stopOnException()
                    .process(exchange -> DeadLetterHeaders.write(
                            exchange.getMessage().getBody(DeadLetter.class), exchange.getMessage()))
                    .to("kafka:{{bp.dlq-topic}}?valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer")
                .end();
    }
}
