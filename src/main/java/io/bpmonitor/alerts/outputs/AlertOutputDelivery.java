package io.bpmonitor.alerts.outputs;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * How every alert output ({@code routes/alert-*.yaml}, {@code routeConfigurationId: alert-output-delivery}) delivers:
 * <ul>
 * <li>refused for good ({@link AlertRefusedException}): to BP_ALERT_DLQ_TOPIC with its reason, handled, so the record's
 * offset is committed and the queue moves on;</li>
 * <li>anything else (not now, no connection): sent again, the wait doubling from BP_ALERT_RETRY_INITIAL_DELAY_MS up to
 * BP_ALERT_RETRY_MAX_DELAY_MS. After {@value #RETRIES_PER_POLL} retries the exchange fails, camel-kafka seeks back to
 * the record ({@code breakOnFirstError}) and polls it again, so it is retried until taken or refused while the
 * consumer stays in its group (a poll at least every few minutes).</li>
 * </ul>
 * The logs carry the exception's message, which names the answer, never the URL or the alert's content.
 */
public class AlertOutputDelivery extends RouteConfigurationBuilder {

    public static final String ID = "alert-output-delivery";
    static final int RETRIES_PER_POLL = 8;

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(AlertRefusedException.class)
                    .handled(true)
                    .logExhausted(false)
                    .bean("alertIntake", "deadLetter")
                    .to("kafka:{{bp.alert-dlq-topic}}?valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer")
                .end()
                .onException(Exception.class)
                    .maximumRedeliveries(RETRIES_PER_POLL)
                    .redeliveryDelay("{{bp.alert.retry.initial-delay-ms}}")
                    .useExponentialBackOff()
                    .backOffMultiplier(2)
                    .maximumRedeliveryDelay("{{bp.alert.retry.max-delay-ms}}")
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .logRetryStackTrace(false)
                    .logStackTrace(false)
                    .logExhaustedMessageHistory(false)
                    .logExhaustedMessageBody(false)
                .end();
    }
}
