package io.bpmonitor.alerts.outputs;

/**
 * The output cannot take the alert now (5xx, 408, 429): sent again with back-off. The message names the answer,
 * never the URL (a webhook URL can carry a token) or the alert's content.
 */
public class AlertOutputUnavailableException extends RuntimeException {

    public AlertOutputUnavailableException(String message) {
        super(message);
    }
}
