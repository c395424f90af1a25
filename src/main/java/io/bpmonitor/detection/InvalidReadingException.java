package io.bpmonitor.detection;

/**
 * A message that cannot be a blood-pressure reading. Its message is the dead-letter reason, so it names the problem
 * and never carries the payload.
 */
public class InvalidReadingException extends RuntimeException {

    public InvalidReadingException(String reason) {
        super(reason);
    }
}
