package io.bpmonitor.board;

import io.bpmonitor.config.Settings;
import org.apache.camel.builder.RouteBuilder;

/**
 * The board on camel-main's embedded HTTP server (BP_BOARD_HOST:BP_BOARD_PORT): the page at {@code /}, its files at
 * {@code /assets/*}, and the JSON API at {@code /api/summary}, {@code /api/alerts} and
 * {@code /api/patients/{id}/target}. No routes when {@link io.bpmonitor.config.Roles#servesBoard()} is false.
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
        from("platform-http:/api/patients/{patientId}/target?httpMethodRestrict=PUT,DELETE")
                .routeId("board-patient-target-api")
                .bean("patientTargetsApi", "check")
                .filter(exchangeProperty(PatientTargetsApi.TO_SEND))
                    .doTry()
                        .to("kafka:{{bp.patient-targets-topic}}"
                                + "?valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                                + "&maxBlockMs=10000&requestTimeoutMs=10000&deliveryTimeoutMs=30000")
                        .bean("patientTargetsApi", "answer")
                    .doCatch(Exception.class)
                        .bean("patientTargetsApi", "unavailable")
                    .end()
                .end();
    }
}
