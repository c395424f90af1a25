package io.bpmonitor.board;

import io.bpmonitor.config.Settings;
import org.apache.camel.builder.RouteBuilder;

/**
 * The board on camel-main's embedded HTTP server (BP_BOARD_HOST:BP_BOARD_PORT): the page at {@code /}, its files at
 * {@code /assets/*}, and the JSON API at {@code /api/summary} and {@code /api/alerts}. No routes when {@link io.bpmonitor.config.Roles#servesBoard()} is false.
 */
public class BoardRoutes extends RouteBuilder {

    @Override
    public void configure() {
        if (!Settings.of(getContext()).roles().servesBoard()) {
            return;
        }
        from("platform-http:/?httpMethodRestrict=GET").routeId("board-page")
                .process("boardAssets");
        from("platform-http:/assets/{file}?httpMethodRestrict=GET").routeId("board-assets")
                .process("boardAssets");
        from("platform-http:/api/summary?httpMethodRestrict=GET").routeId("board-api")
                .process("boardApi");
        from("platform-http:/api/alerts?httpMethodRestrict=GET").routeId("board-alerts-api")
                .process("boardAlertsApi");
    }
}
