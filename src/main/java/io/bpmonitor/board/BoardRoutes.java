package io.bpmonitor.board;

import org.apache.camel.builder.RouteBuilder;

/**
 * The board on camel-main's embedded HTTP server (BP_BOARD_HOST:BP_BOARD_PORT): the page at {@code /}, its files at
 * {@code /assets/*}, and the JSON API at {@code /api/summary}. No routes when {@link BoardSettings#enabled()} is false.
 */
public class BoardRoutes extends RouteBuilder {

    @Override
    public void configure() {
        if (!new BoardSettings(getContext().getPropertiesComponent()).enabled()) {
            return;
        }
        from("platform-http:/?httpMethodRestrict=GET").routeId("board-page")
                .process("boardAssets");
        from("platform-http:/assets/{file}?httpMethodRestrict=GET").routeId("board-assets")
                .process("boardAssets");
        from("platform-http:/api/summary?httpMethodRestrict=GET").routeId("board-api")
                .process("boardApi");
    }
}
