package io.bpmonitor.alerts.outputs;

import java.util.Optional;

import io.bpmonitor.alerts.Alert;
import io.bpmonitor.alerts.AlertEvent;
import io.bpmonitor.kafka.ConsumedRecord;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The webhook's request and the reading of its answer: 2xx taken; 408, 429 and 5xx not now (retried); anything else
 * refused for good (dead-lettered). The {@code Idempotency-Key} lets the receiver drop what at-least-once delivery
 * repeats.
 */
public class AlertWebhook {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Header: the event the POST is ({@code opened}, {@code resolved}, {@code acknowledged}, {@code escalated}, …). */
    public static final String EVENT_HEADER = "BP-Alert-Event";

    private final String authHeader;
    private final Optional<String> secret;

    public AlertWebhook(String authHeader, Optional<String> secret) {
        this.authHeader = authHeader;
        this.secret = secret;
    }

    /**
     * Only these headers go out: the consumed record's own (kafka.*, its headers) stay behind; Camel's own stay too
     * (the redelivery counter lives there), and Camel never sends those.
     */
    public void request(Exchange exchange) {
        Alert alert = exchange.getProperty(AlertIntake.ALERT, Alert.class);
        Message message = exchange.getMessage();
        message.removeHeaders("*", "Camel*");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        AlertEvent event = exchange.getProperty(AlertIntake.EVENT, AlertEvent.class);
        message.setHeader(IDEMPOTENCY_KEY, idempotencyKey(alert, event));
        if (event != null) {
            message.setHeader(EVENT_HEADER, event.code());
        }
        secret.ifPresent(value -> message.setHeader(authHeader, value));
        message.setBody(exchange.getProperty(AlertIntake.SOURCE, ConsumedRecord.class).value());
    }

    /**
     * What makes a delivery unique: an alert is sent once open and once resolved ({@code <alert_id>:<status>}), once
     * per review action ({@code <alert_id>:<event>:<review revision>}) and once per escalation level
     * ({@code <alert_id>:escalated:<level>}); a replay sends each again with its key.
     */
    static String idempotencyKey(Alert alert, AlertEvent event) {
        if (event == null) {
            return alert.alertId() + ":" + alert.status().code();
        }
        return switch (event) {
            case ACKNOWLEDGED, REASSIGNED, CLOSED -> alert.alertId() + ":" + event.code() + ":"
                    + alert.review().revision();
            case ESCALATED -> alert.alertId() + ":" + event.code() + ":" + alert.review().escalations();
            default -> alert.alertId() + ":" + alert.status().code();
        };
    }

    /** After the POST, which leaves the status in {@link Exchange#HTTP_RESPONSE_CODE}. */
    public void answer(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status < 300) {
            return;
        }
        if (retryable(status)) {
            throw new AlertOutputUnavailableException("The webhook answered HTTP " + status);
        }
        throw new AlertRefusedException("The webhook refused the alert with HTTP " + status);
    }

    /** Request Timeout, Too Many Requests and server errors say "not now"; another 4xx will not change on retry. */
    static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }
}
