package io.bpmonitor.board;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine with the board's port fixed. Camel's own engine guesses the port of the server its routes
 * go on: with two embedded servers in one context (the board on {@code camel.server.port} and the management server
 * on {@code camel.management.port}) it finds no single server and falls back to 8080, so the board's routes would
 * land on a router that does not exist unless BP_BOARD_PORT happens to be 8080. Bound as
 * {@code platform-http-engine}, which the platform-http component looks up first.
 */
public class BoardHttpEngine extends VertxPlatformHttpEngine {

    private final int port;

    public BoardHttpEngine(int port) {
        this.port = port;
    }

    @Override
    public int getServerPort() {
        return port;
    }
}
