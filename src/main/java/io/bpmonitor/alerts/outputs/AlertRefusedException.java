package io.bpmonitor.alerts.outputs;

/**
 * An alert an output will never take as it is (not an alert, or a 4xx other than 408 and 429): it is dead-lettered
 * with this message as its reason, so the queue moves on. The message names the problem, never the alert's content.
 */
public class AlertRefusedException extends RuntimeException {

    public AlertRefusedException(String message) {
        super(message);
    }
}
