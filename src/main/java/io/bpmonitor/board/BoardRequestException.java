package io.bpmonitor.board;

/** A request the board API cannot answer as asked (HTTP 400); the message tells the caller what to send instead. */
public class BoardRequestException extends RuntimeException {

    public BoardRequestException(String message) {
        super(message);
    }
}
