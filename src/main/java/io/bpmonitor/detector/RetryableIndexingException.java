package io.bpmonitor.detector;

/** Elasticsearch could not take some documents for now (429 or 5xx per item): the whole bulk is sent again. */
public class RetryableIndexingException extends RuntimeException {

    public RetryableIndexingException(String message) {
        super(message);
    }
}
