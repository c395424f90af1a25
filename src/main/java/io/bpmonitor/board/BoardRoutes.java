package io.bpmonitor.board;

import io.bpmonitor.config.Settings;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The board on camel-main's embedded HTTP server (BP_BOARD_HOST:BP_BOARD_PORT): the page at {@code /}, its files at
 * {@code /assets/*}, and the JSON API at {@code /api/summary}, {@code /api/alerts} and
 * {@code /api/patients/{id}/target}, and the review of each alert at {@code /api/alerts/{id}/review}. No routes when {@link io.bpmonitor.config.Roles#servesBoard()} is false.
 */
public class BoardRoutes extends RouteBuilder {

    @Override
    public void configure() {
        if (!Settings.of(getContext()).roles().servesBoard()) {
            return;
        }
        // nothing of the board answers without a session but the sign-in page and the files it needs
        from("platform-http:/?httpMethodRestrict=GET").routeId("board-page")
                .filter(method("signInPages", "signedIn"))
                    .process("boardAssets");
        from("platform-http:/patients/{patientId}?httpMethodRestrict=GET").routeId("board-patient-page")
                .filter(method("signInPages", "signedIn"))
                    .process("boardAssets");
        from("platform-http:/api/patients/{patientId}?httpMethodRestrict=GET").routeId("board-patient-api")
                .bean("apiAccess", "requireViewer")
                .process("patientViewApi");
        from("platform-http:/signin?httpMethodRestrict=GET,POST").routeId("board-sign-in")
                .choice()
                    .when(header(Exchange.HTTP_METHOD).isEqualTo("POST")).bean("signInPages", "signIn")
                    .otherwise().bean("signInPages", "page")
                .end();
        from("platform-http:/signin/oidc?httpMethodRestrict=GET").routeId("board-sign-in-oidc")
                .bean("signInPages", "oidcStart");
        from("platform-http:/signin/oidc/callback?httpMethodRestrict=GET").routeId("board-sign-in-oidc-callback")
                .bean("signInPages", "oidcCallback");
        from("platform-http:/signout?httpMethodRestrict=POST").routeId("board-sign-out")
                .bean("signInPages", "signOut");
        from("platform-http:/api/session?httpMethodRestrict=GET").routeId("board-session-api")
                .bean("signInPages", "session");
        from("platform-http:/assets/{file}?httpMethodRestrict=GET").routeId("board-assets")
                .process("boardAssets");
        from("platform-http:/api/summary?httpMethodRestrict=GET").routeId("board-api")
                .bean("apiAccess", "requireViewer")
                .process("boardApi");
        from("platform-http:/api/alerts?httpMethodRestrict=GET").routeId("board-alerts-api")
                .bean("apiAccess", "requireViewer")
                .process("boardAlertsApi");
        changeThroughKafka("/api/patients/{patientId}/target?httpMethodRestrict=PUT,DELETE",
                "board-patient-target-api", "patientTargetsApi", PatientTargetsApi.TO_SEND, "bp.patient-targets-topic",
                "answer");
        changeThroughKafka("/api/alerts/{alertId}/review?httpMethodRestrict=POST", "board-alert-review-api",
                "alertReviewApi", AlertReviewApi.TO_SEND, "bp.alert-reviews-topic", "outcome");
    }

    /**
     * A change a signed-in user asks for, made through a Kafka topic: the bean's {@code check} answers what it refuses
     * and sets {@code toSend} for the rest, which goes to the topic and is answered by the bean's {@code answered} once
     * Kafka has it, or by its {@code unavailable} when Kafka did not take it.
     */
    private void changeThroughKafka(String path, String routeId, String bean, String toSend, String topicProperty,
                                    String answered) {
        from("platform-http:" + path).routeId(routeId)
                .bean(bean, "check")
                .filter(exchangeProperty(toSend))
                    .doTry()
                        .to("kafka:{{" + topicProperty + "}}"
                                + "?valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                                + "&maxBlockMs=10000&requestTimeoutMs=10000&deliveryTimeoutMs=30000")
                        .bean(bean, answered)
                    .doCatch(Exception.class)
                        .bean(bean, "unavailable")
                    .end()
                .end();
    }
}
