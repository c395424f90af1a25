package io.bpmonitor.board;

/** Elasticsearch could not answer the board (HTTP 503); the message is safe to show to a user. */
public class BoardUnavailableException extends RuntimeException {

    public BoardUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
