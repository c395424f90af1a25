package io.bpmonitor.detector;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The detector, read top to bottom: {@link PollClassifier}, {@link PollIndexer}, {@link PollTransactions}, each step
 * taking the previous one's value (docs/architecture.md#the-detector-step-by-step). Its rules are in
 * {@code routes/detector.yaml}, where operators edit them.
 */
public class DetectorRoutes extends RouteBuilder {

    /**
     * Where {@link PollIndexer} sends a bulk request, the poll's or a part of it ({@link BulkBisection}): the endpoint
     * itself, not a route, so stopping the routes at shutdown never suspends it under the poll being committed.
     */
    public static final String BULK_REQUEST = "elasticsearch:bp-monitor?operation=Bulk&indexName={{bp.index}}";

    private static final String POLL_STEPS = "direct:detector-poll-steps";

    @Override
    public void configure() {
        Settings settings = Settings.of(getContext());
        // defined first, so started first and stopped last: a stop lets the consumer's poll in flight finish its steps
        from(POLL_STEPS).routeId("detector-poll-steps")
                .errorHandler(defaultErrorHandler()
                        .maximumRedeliveries(-1)
                        .redeliveryDelay(settings.integer(Setting.BP_RETRY_INITIAL_DELAY_MS))
                        .useExponentialBackOff().backOffMultiplier(2)
                        .maximumRedeliveryDelay(settings.integer(Setting.BP_RETRY_MAX_DELAY_MS))
                        // at shutdown, give up the poll uncommitted: it is read again on restart
                        .allowRedeliveryWhileStopping(false)
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logStackTrace(false)
                        .logExhaustedMessageBody(false)
                        .logExhaustedMessageHistory(false))
                // a failed step is retried with the value it was given
                .bean("pollIndexer", "index")
                .bean("pollTransactions", "commit");

        from("kafka:{{bp.topic}}"
                + "?groupId={{bp.group-id}}&autoOffsetReset=earliest&autoCommitEnable=false"
                // offsets are committed in the poll's transaction: read_committed makes a new owner of a partition
                // wait for a transaction still open on it instead of reading from an older offset
                + "&isolationLevel=read_committed&allowManualCommit=true"
                + "&kafkaManualCommitFactory=#bean:recordPositionFactory"
                // a poll is one batch, closed at maxPollRecords or after batchingIntervalMs
                + "&batching=true&maxPollRecords={{bp.detector.max-poll-records}}&batchingIntervalMs=250"
                + "&pollTimeoutMs=100&valueDeserializer=" + ByteArrayDeserializer.class.getName()
                // consumers that tell their polls apart (PollCounter), so the records of a poll before a return to the
                // committed offsets are left
                + "&kafkaClientFactory=#bean:pollCountingClients"
                // one consumer thread per share of the partitions: while one poll waits for Elasticsearch, another
                // is classified
                + "&consumersCount={{bp.detector.consumers}}")
                .routeId("detector")
                // a poll that fails as a whole (only at shutdown) is read again, never skipped
                .onException(Exception.class).handled(false).bean("pollClassifier", "rereadFromCommitted").end()
                .bean("pollClassifier", "classify")
                .to(POLL_STEPS);
    }
}
