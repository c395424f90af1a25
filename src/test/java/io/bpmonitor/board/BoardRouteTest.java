package io.bpmonitor.board;

import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_USERS_FILE;
import static io.bpmonitor.config.Setting.KAFKA_BROKERS;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_URL;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.rules.PatientTarget;
import io.bpmonitor.testing.BasicAuth;
import io.bpmonitor.testing.RouteTestSupport;
import io.bpmonitor.testing.SettingMap;
import io.bpmonitor.testing.TestUsers;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The board's routes with the HTTP server stood in by direct endpoints: the page, its files (and nothing else), and
 * the API, which answers 503 in JSON when Elasticsearch cannot be reached, and a patient's target set by a clinician
 * only.
 */
class BoardRouteTest extends RouteTestSupport {

    private static final Path USERS = usersFile();

    private static Path usersFile() {
        try {
            Path file = Files.createTempDirectory("board-route-test").resolve("users");
            TestUsers.write(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    private Message target(String method, String patient, String authorization, String body) {
        Map<String, Object> headers = new java.util.HashMap<>();
        headers.put(Exchange.HTTP_METHOD, method);
        headers.put("patientId", patient);
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        Exchange exchange = template.request("direct:board-patient-target-api", request -> {
            request.getMessage().setHeaders(headers);
            request.getMessage().setBody(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        });
        return exchange.getMessage();
    }

    @Test
    void aClinicianSetsAndRemovesATargetThatGoesToKafkaWithWhoSetIt() throws Exception {
        MockEndpoint kafka = getMockEndpoint("mock:targets");
        kafka.expectedMessageCount(2);
        String clinician = BasicAuth.header(TestUsers.CLINICIAN, TestUsers.CLINICIAN_PASSWORD);

        Message set = target("PUT", "p-1", clinician,
                "{\"systolic_upper\":125,\"diastolic_upper\":75,\"reason\":\"treated, under 65\"}");
        assertThat(set.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        PatientTarget kept = PatientTarget.fromJson(set.getBody(byte[].class));
        assertThat(kept).extracting(PatientTarget::patientId, PatientTarget::systolicUpper,
                PatientTarget::diastolicUpper, PatientTarget::setBy, PatientTarget::reason, PatientTarget::source)
                .containsExactly("p-1", 125, 75, "dr.martin", "treated, under 65", "api");
        Message removed = target("DELETE", "p-1", clinician, null);
        assertThat(removed.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(204);

        kafka.assertIsSatisfied();
        assertThat(kafka.getExchanges().get(0).getMessage().getHeader(KafkaConstants.KEY)).isEqualTo("p-1");
        assertThat(PatientTarget.fromJson(kafka.getExchanges().get(0).getMessage().getBody(byte[].class)))
                .isEqualTo(kept);
        assertThat(kafka.getExchanges().get(1).getMessage().getBody(byte[].class)).isEmpty();
    }

    @Test
    void noTargetGoesOutWithoutAClinicianOrWithLinesThatDoNotHold() throws Exception {
        MockEndpoint kafka = getMockEndpoint("mock:targets");
        kafka.expectedMessageCount(0);
        String body = "{\"systolic_upper\":125,\"diastolic_upper\":75}";

        Message anonymous = target("PUT", "p-1", null, body);
        assertThat(anonymous.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        assertThat(anonymous.getHeader("WWW-Authenticate", String.class)).startsWith("Basic ");
        assertThat(target("PUT", "p-1", BasicAuth.header(TestUsers.CLINICIAN, "a guess"), body).getHeader(Exchange.HTTP_RESPONSE_CODE))
                .isEqualTo(401);
        assertThat(target("PUT", "p-1", BasicAuth.header(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD), body)
                .getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(403);
        String clinician = BasicAuth.header(TestUsers.CLINICIAN, TestUsers.CLINICIAN_PASSWORD);
        Message invalid = target("PUT", "p-1", clinician,
                "{\"systolic_upper\":200,\"diastolic_upper\":\"75\",\"colour\":\"red\"}");
        assertThat(invalid.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(422);
        assertThat(invalid.getBody(String.class)).contains("unknown field colour")
                .contains("diastolic_upper is a whole number of mmHg");
        assertThat(target("PUT", "p-1", clinician, "{\"systolic_upper\":200,\"diastolic_upper\":75}")
                .getBody(String.class)).contains("systolic_upper 200 mmHg outside 100-180");
        assertThat(target("PUT", "../p-1", clinician, body).getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(400);

        kafka.assertIsSatisfied();
    }

    @Test
    void kafkaNotTakingTheTargetIsA503() {
        getMockEndpoint("mock:targets").whenAnyExchangeReceived(exchange -> {
            throw new org.apache.kafka.common.errors.TimeoutException("no broker");
        });
        Message answer = target("PUT", "p-1", BasicAuth.header(TestUsers.CLINICIAN, TestUsers.CLINICIAN_PASSWORD),
                "{\"systolic_upper\":125,\"diastolic_upper\":75}");
        assertThat(answer.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(answer.getBody(String.class)).contains("kafka_unavailable").doesNotContain("no broker");
    }

    private Message review(String alertId, String authorization, String body) {
        Map<String, Object> headers = new java.util.HashMap<>();
        headers.put("alertId", alertId);
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return template.request("direct:board-alert-review-api", request -> {
            request.getMessage().setHeaders(headers);
            request.getMessage().setBody(body);
        }).getMessage();
    }

    @Test
    void aReviewTakesASignedInClinicianAJsonActionAndAnAlertElasticsearchCanShow() throws Exception {
        MockEndpoint kafka = getMockEndpoint("mock:reviews");
        kafka.expectedMessageCount(0);
        String action = "{\"action\":\"acknowledge\",\"action_id\":\"ack-00001\",\"expected_revision\":0}";
        String alert = "0123456789abcdef0123456789abcdef";

        Message anonymous = review(alert, null, action);
        assertThat(anonymous.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        assertThat(anonymous.getHeader("WWW-Authenticate", String.class)).startsWith("Basic");
        Message fromThePage = call("board-alerts-api", "GET", Map.of("Sec-Fetch-Mode", "cors"), null);
        assertThat(fromThePage.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        assertThat(fromThePage.getHeader("WWW-Authenticate")).as("a browser is not asked for a password")
                .isNull();
        assertThat(review(alert, BasicAuth.header(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD), action)
                .getBody(String.class)).contains("forbidden").contains("Reviewing an alert takes a clinician");
        String clinician = BasicAuth.header(TestUsers.CLINICIAN, TestUsers.CLINICIAN_PASSWORD);
        assertThat(review(alert, clinician, "[1]").getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(400);
        // the alert is read before anything is sent: Elasticsearch unreachable is the cluster's fault
        Message unreachable = review(alert, clinician, action);
        assertThat(unreachable.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(unreachable.getBody(String.class)).contains("elasticsearch_unavailable");

        kafka.assertIsSatisfied();
    }

    private Message call(String route, String method, Map<String, Object> headers, String body) {
        return template.request("direct:" + route, request -> {
            request.getMessage().setHeaders(new java.util.HashMap<>(headers));
            request.getMessage().setHeader(Exchange.HTTP_METHOD, method);
            request.getMessage().setBody(body);
        }).getMessage();
    }

    @Test
    void aClinicianSignsInChangesOnlyWithTheSessionsTokenAndSignsOut() throws Exception {
        Message wrong = call("board-sign-in", "POST", Map.of(),
                "name=" + TestUsers.CLINICIAN + "&password=a+guess");
        assertThat(wrong.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        assertThat(wrong.getBody(String.class)).contains("data-failed=\"true\"").doesNotContain("a guess");
        assertThat(wrong.getHeader("Set-Cookie")).isNull();

        Message signedIn = call("board-sign-in", "POST", Map.of(), "name=" + TestUsers.CLINICIAN + "&password="
                + java.net.URLEncoder.encode(TestUsers.CLINICIAN_PASSWORD, StandardCharsets.UTF_8));
        assertThat(signedIn.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(303);
        assertThat(signedIn.getHeader("Location")).isEqualTo("/");
        String setCookie = signedIn.getHeader("Set-Cookie", String.class);
        assertThat(setCookie).startsWith("bp_session=").contains("; HttpOnly").contains("; SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        Message session = call("board-session-api", "GET", Map.of("Cookie", cookie), null);
        assertThat(session.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        JsonNode who = new ObjectMapper().readTree(session.getBody(String.class));
        assertThat(who.path("name").asText()).isEqualTo(TestUsers.CLINICIAN);
        assertThat(who.path("role").asText()).isEqualTo("clinician");
        String csrf = who.path("csrf_token").asText();

        String action = "{\"action\":\"acknowledge\",\"action_id\":\"ack-00001\",\"expected_revision\":0}";
        Map<String, Object> withCookie = Map.of("Cookie", cookie, "alertId", "0123456789abcdef0123456789abcdef");
        Message forged = call("board-alert-review-api", "POST", withCookie, action);
        assertThat(forged.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(403);
        assertThat(forged.getBody(String.class)).contains("csrf");
        Map<String, Object> withToken = new java.util.HashMap<>(withCookie);
        withToken.put("X-CSRF-Token", csrf);
        assertThat(call("board-alert-review-api", "POST", withToken, action).getBody(String.class))
                .as("signed in: on to the alert, which the unreachable Elasticsearch cannot show")
                .contains("elasticsearch_unavailable");

        assertThat(call("board-sign-out", "POST", Map.of("Cookie", cookie), null)
                .getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(403);
        Message signedOut = call("board-sign-out", "POST", Map.of("Cookie", cookie, "X-CSRF-Token", csrf), null);
        assertThat(signedOut.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(204);
        assertThat(signedOut.getHeader("Set-Cookie", String.class)).contains("Max-Age=0");
        assertThat(call("board-session-api", "GET", Map.of("Cookie", cookie), null)
                .getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
    }

    @Test
    void thePatientViewTakesASignInAPatientIdAndAnElasticsearchThatAnswers() {
        Map<String, Object> patient = Map.of("patientId", "p-0001");
        assertThat(get("board-patient-page", patient).getHeader("Location")).isEqualTo("/signin");
        assertThat(get("board-patient-api", patient).getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        Message badId = get("board-patient-api", Map.of("patientId", "../p-0001", "Authorization", VIEWER));
        assertThat(badId.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(400);
        assertThat(badId.getBody(String.class)).contains("A patient id is 1-64");
        Message unreachable = get("board-patient-api", Map.of("patientId", "p-0001", "Authorization", VIEWER));
        assertThat(unreachable.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(unreachable.getBody(String.class)).contains("elasticsearch_unavailable");
    }

    @Override
    protected String routesFile() {
        return null;
    }

    @Override
    protected Map<String, String> settings() {
        // nothing listens on the discard port: the API must answer for an unreachable Elasticsearch
        return SettingMap.of(BP_ROUTES, "detector", ELASTICSEARCH_URL, "http://127.0.0.1:9",
                KAFKA_BROKERS, "127.0.0.1:9", BP_USERS_FILE, USERS.toString());
    }

    @Override
    protected void configureMore(MainConfigurationProperties configuration) {
        configuration.addConfiguration(BoardConfiguration.class);
        configuration.addRoutesBuilder(new BoardRoutes());
    }

    @BeforeEach
    void directInsteadOfHttp() throws Exception {
        for (String route : new String[] {"board-page", "board-assets", "board-api", "board-alerts-api",
                "board-patient-target-api", "board-alert-review-api", "board-sign-in", "board-sign-out",
                "board-session-api", "board-patient-page", "board-patient-api", "board-sign-in-oidc",
                "board-sign-in-oidc-callback"}) {
            consumeFrom(route, route);
        }
        sendInsteadTo("board-patient-target-api", "kafka:*", "targets");
        sendInsteadTo("board-alert-review-api", "kafka:*", "reviews");
        context.start();
        // the topic is made by the engine's start in these tests' stead
        context.getRegistry().lookupByNameAndType("patientTargetsApi", PatientTargetsApi.class).topicMade();
    }

    private static final String VIEWER = BasicAuth.header(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);

    private Message get(String route, Map<String, Object> headers) {
        Exchange exchange = template.request("direct:" + route,
                request -> request.getMessage().setHeaders(new java.util.HashMap<>(headers)));
        return exchange.getMessage();
    }

    @Test
    void thePageAndItsFilesAreServedAndNothingElse() {
        Message anonymous = get("board-page", Map.of());
        assertThat(anonymous.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(303);
        assertThat(anonymous.getHeader("Location")).isEqualTo("/signin");
        String setCookie = call("board-sign-in", "POST", Map.of(), "name=" + TestUsers.VIEWER + "&password="
                + java.net.URLEncoder.encode(TestUsers.VIEWER_PASSWORD, StandardCharsets.UTF_8))
                .getHeader("Set-Cookie", String.class);
        Message page = get("board-page", Map.of("Cookie", setCookie.substring(0, setCookie.indexOf(';'))));
        assertThat(page.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(new String(page.getBody(byte[].class), StandardCharsets.UTF_8)).contains("/assets/echarts.min.js");
        assertThat(page.getHeader("Content-Security-Policy", String.class)).contains("default-src 'self'");

        Message script = get("board-assets", Map.of("file", "board.js"));
        assertThat(script.getHeader(Exchange.CONTENT_TYPE, String.class)).startsWith("text/javascript");
        assertThat(get("board-assets", Map.of("file", "echarts.min.js")).getBody(byte[].class)).hasSizeGreaterThan(100_000);
        assertThat(get("board-assets", Map.of("file", "../application.properties")).getHeader(Exchange.HTTP_RESPONSE_CODE))
                .isEqualTo(404);
    }

    @Test
    void theApiSaysInJsonWhenElasticsearchCannotAnswer() {
        assertThat(get("board-api", Map.of(Exchange.HTTP_QUERY, "window=15m")).getHeader(Exchange.HTTP_RESPONSE_CODE))
                .as("nobody signed in").isEqualTo(401);
        Message answer = get("board-api", Map.of(Exchange.HTTP_QUERY, "window=15m", "Authorization", VIEWER));

        assertThat(answer.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(answer.getBody(String.class)).contains("\"error\":\"elasticsearch_unavailable\"").doesNotContain("at org.").doesNotContain("at io.");
        assertThat(get("board-api", Map.of(Exchange.HTTP_QUERY, "window=2d", "Authorization", VIEWER))
                .getHeader(Exchange.HTTP_RESPONSE_CODE))
                .isEqualTo(400);
    }

    @Test
    void theOpenAlertsSayInJsonWhenElasticsearchCannotAnswer() {
        Message answer = get("board-alerts-api", Map.of("Authorization", VIEWER));

        assertThat(answer.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(answer.getHeader(Exchange.CONTENT_TYPE, String.class)).startsWith("application/json");
        assertThat(answer.getBody(String.class)).contains("\"error\":\"elasticsearch_unavailable\"").doesNotContain("at org.");
    }
}
