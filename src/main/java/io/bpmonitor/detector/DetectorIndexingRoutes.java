package io.bpmonitor.detector;

import static io.bpmonitor.detector.BatchCompletion.BATCH_PROPERTY;
import static io.bpmonitor.detector.BatchCompletion.INDEXED_PROPERTY;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * The durable half of the detector, after the YAML route's pollClassifier has sorted a poll into anomalies, normal
 * readings and dead letters: bulk-index the anomalies in one request, then publish the dead letters and every
 * reading's classification and commit the poll's offsets in one Kafka transaction ({@link PollTransactions}). Any
 * failure on the way (Elasticsearch down, slow, answering
 * 429/5xx, Kafka unreachable) retries the step with a capped exponential back-off and commits nothing meanwhile;
 * indexing is idempotent and an aborted transaction leaves nothing visible, so a retry duplicates nothing.
 */
public class DetectorIndexingRoutes extends RouteBuilder {

    /** One bulk request to Elasticsearch: the poll's, or a part of it ({@link BulkBisection}). */
    public static final String BULK_REQUEST = "direct:bulk-request";

    @Override
    public void configure() {
        Settings settings = Settings.of(getContext());
        long initialRetryDelayMs = settings.integer(Setting.BP_RETRY_INITIAL_DELAY_MS);
        long maxRetryDelayMs = settings.integer(Setting.BP_RETRY_MAX_DELAY_MS);
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
                    // a retry sends the poll through all its steps again, from the first
                    .to("direct:index-poll")
                .end();

        from("direct:index-poll").routeId("detector-poll-steps")
                .errorHandler(noErrorHandler())
                // the anomalies: one request per poll
                .to("direct:bulk-index")
                // dead letters, classified readings and the poll's offsets: one Kafka transaction
                .bean("batchCompletion", "complete");

        from("direct:bulk-index").routeId("detector-bulk")
                .errorHandler(noErrorHandler())
                .setBody(exchangeProperty(BATCH_PROPERTY))
                .bean("bulkRequests", "operations")
                .choice()
                    .when(simple("${body.isEmpty()}"))
                        .setProperty(INDEXED_PROPERTY, constant(0))
                    .otherwise()
                        .doTry()
                            .to(BULK_REQUEST)
                            .setProperty(INDEXED_PROPERTY, method("bulkResponseInspector", "inspect"))
                        .doCatch(Exception.class)
                            // refused as a whole: the cluster's refusal pauses indexing, a refusal of what the
                            // request holds sends it again in parts, any other failure retries
                            .bean("bulkResponseInspector", "requestFailed")
                            .to("direct:bulk-in-parts")
                        .endDoTry()
                .end();

        from("direct:bulk-in-parts").routeId("detector-bulk-in-parts")
                .errorHandler(noErrorHandler())
                // the parts wait for Elasticsearch's answers: not on its client's I/O thread, which delivered this
                // refusal and must deliver theirs
                .threads(settings.integer(Setting.BP_DETECTOR_CONSUMERS)).threadName("bulk-in-parts")
                .setBody(method("bulkBisection", "sendInParts"))
                .setProperty(INDEXED_PROPERTY, method("bulkResponseInspector", "inspect"));

        from(BULK_REQUEST).routeId("detector-bulk-request")
                .errorHandler(noErrorHandler())
                .to("elasticsearch:bp-monitor?operation=Bulk&indexName={{bp.index}}");
    }
}
