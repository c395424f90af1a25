package io.bpmonitor.alerts;

import static io.bpmonitor.config.Setting.BP_ALERT_FHIR_URL;
import static io.bpmonitor.config.Setting.BP_ALERT_TOPIC;
import static io.bpmonitor.config.Setting.BP_AUDIT_INDEX;
import static io.bpmonitor.config.Setting.BP_BOARD_PORT;
import static io.bpmonitor.config.Setting.BP_USERS_FILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.alerts.AlertStream.Reading;
import io.bpmonitor.alerts.outputs.AlertFlags;
import io.bpmonitor.localstack.LocalFhirServer;
import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.ChromiumPage;
import io.bpmonitor.testing.HeadlessChromium;
import io.bpmonitor.testing.BasicAuth;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.SharedStack;
import io.bpmonitor.testing.TestUsers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crisis reviewed through the board's API, on real Kafka, Elasticsearch and a FHIR server: acknowledged, an action
 * sent twice taken once, of two actions at once one taken and the other told, closed with an outcome; the Flag active
 * until the close and inactive after; each action once on the alert topic and once in the audit index.
 */
class AlertReviewIT {

    private static final String PATIENT = "p-review";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLINICIAN = BasicAuth.header(TestUsers.CLINICIAN, TestUsers.CLINICIAN_PASSWORD);

    @TempDir
    Path dir;

    @Test
    void aCrisisIsAcknowledgedOnceAndClosedByANamedClinicianWithItsFlag() throws Exception {
        Path users = dir.resolve("users");
        TestUsers.write(users);
        AlertStream stream = new AlertStream(1);
        stream.settings.put(BP_USERS_FILE.property(), users.toString());
        try (LocalFhirServer fhir = LocalFhirServer.start()) {
            seed(fhir.client(), PATIENT, "rv1");
            stream.settings.put(BP_ALERT_FHIR_URL.property(), fhir.baseUrl());
            AppProcess app = AppProcess.start("reviews", stream.settings).awaitStarted(Duration.ofSeconds(60));
            try {
                KafkaTestClient.send(stream.topic(), stream.records(List.of(new Reading(PATIENT, "rv1", 0, 196, 118))));
                String alertId = Alert.idOf(PATIENT, AlertKind.CRISIS, "rv1");
                awaitDocument(stream, alertId, document -> true);
                Poll.until(Duration.ofSeconds(60), () -> flagOf(fhir, alertId) != null, "the crisis's Flag");
                assertThat(flagOf(fhir, alertId).getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);

                String url = "http://127.0.0.1:" + stream.settings.get(BP_BOARD_PORT.property()) + "/api/alerts/"
                        + alertId + "/review";
                String acknowledge = action("acknowledge", "ack-rv-0001", 0, "calling the patient", null);
                assertThat(post(url, null, acknowledge).statusCode()).isEqualTo(401);
                assertThat(post(url, BasicAuth.header(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD), acknowledge)
                        .statusCode()).isEqualTo(403);

                HttpResponse<String> taken = post(url, CLINICIAN, acknowledge);
                assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
                JsonNode review = JSON.readTree(taken.body()).path("review");
                assertThat(review.path("status").asText()).isEqualTo("acknowledged");
                assertThat(review.path("holder").asText()).isEqualTo(TestUsers.CLINICIAN);
                assertThat(review.path("revision").asInt()).isEqualTo(1);
                HttpResponse<String> again = post(url, CLINICIAN, acknowledge);
                assertThat(again.statusCode()).as("the same action again: its outcome, not a second one").isEqualTo(200);

                // two actions on revision 1 at once: the engine takes one, the other is told what came first
                CompletableFuture<HttpResponse<String>> reassign = CompletableFuture.supplyAsync(() -> send(url,
                        action("reassign", "move-rv-0001", 1, null, null).replace("}", ",\"assign_to\":\"dr.lee\"}")));
                CompletableFuture<HttpResponse<String>> acknowledgeAgain = CompletableFuture.supplyAsync(() -> send(url,
                        action("acknowledge", "ack-rv-0002", 1, null, null)));
                List<Integer> statuses = new ArrayList<>(List.of(reassign.get().statusCode(),
                        acknowledgeAgain.get().statusCode()));
                assertThat(statuses).containsExactlyInAnyOrder(200, 409);
                HttpResponse<String> lost = reassign.get().statusCode() == 409 ? reassign.get() : acknowledgeAgain.get();
                assertThat(JSON.readTree(lost.body()).path("message").asText()).startsWith("Changed since you saw it");

                assertThat(flagOf(fhir, alertId).getStatus()).as("not closed yet").isEqualTo(Flag.FlagStatus.ACTIVE);
                HttpResponse<String> closed = post(url, CLINICIAN,
                        action("close", "close-rv-0001", 2, "sent to the ED by ambulance", "sent-to-emergency"));
                assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
                JsonNode alert = JSON.readTree(closed.body());
                assertThat(alert.path("review_status").asText()).isEqualTo("closed");
                assertThat(alert.path("status").asText()).as("a close ends the episode").isEqualTo("resolved");
                assertThat(post(url, CLINICIAN, action("acknowledge", "ack-rv-0003", 3, null, null)).statusCode())
                        .isEqualTo(409);

                Poll.until(Duration.ofSeconds(60), () -> flagOf(fhir, alertId).getStatus() == Flag.FlagStatus.INACTIVE,
                        "the Flag inactive after the close");
                assertThat(flagOf(fhir, alertId).getCode().getText())
                        .endsWith("; closed by " + TestUsers.CLINICIAN + ": Sent to emergency");

                List<JsonNode> audit = audit(stream, 3);
                assertThat(audit).extracting(record -> record.path("action").asText(),
                                record -> record.path("by").asText(), record -> record.path("outcome").asText(null))
                        .containsExactlyInAnyOrder(tuple("acknowledge", TestUsers.CLINICIAN, null),
                                tuple(statuses.get(0) == 200 ? "reassign" : "acknowledge", TestUsers.CLINICIAN, null),
                                tuple("close", TestUsers.CLINICIAN, "sent-to-emergency"));
                assertThat(reviewEvents(stream)).containsExactlyInAnyOrder("acknowledged",
                        statuses.get(0) == 200 ? "reassigned" : "acknowledged", "closed");
            } finally {
                app.close();
            }
        }
    }

    @Test
    void aClinicianWorksTheQueueInTheBrowserWhereAViewerOnlyLooks() throws Exception {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "no Chromium on PATH (.ci/run installs it)");
        Path users = dir.resolve("users");
        TestUsers.write(users);
        AlertStream stream = new AlertStream(1);
        stream.settings.put(BP_USERS_FILE.property(), users.toString());
        try (LocalFhirServer fhir = LocalFhirServer.start()) {
            seed(fhir.client(), "p-low", "lw1");
            seed(fhir.client(), "p-crisis", "cr1");
            stream.settings.put(BP_ALERT_FHIR_URL.property(), fhir.baseUrl());
            AppProcess app = AppProcess.start("review-browser", stream.settings).awaitStarted(Duration.ofSeconds(60));
            try {
                // the low pressure first: the crisis, urgent as well, still heads the queue by its kind
                // taken half an hour ago: the patient view shows the last 30 days
                int now = (int) Duration.between(AlertStream.T0, java.time.Instant.now()).toMinutes() - 30;
                KafkaTestClient.send(stream.topic(), stream.records(List.of(new Reading("p-low", "lw1", now, 82, 55),
                        new Reading("p-crisis", "cr1", now + 5, 205, 121))));
                String crisis = Alert.idOf("p-crisis", AlertKind.CRISIS, "cr1");
                String low = Alert.idOf("p-low", AlertKind.HYPOTENSION, "lw1");
                Poll.until(Duration.ofSeconds(60), () -> stream.alertDocuments().keySet().containsAll(List.of(crisis,
                        low)), "both alerts in bp_alerts");
                String board = "http://127.0.0.1:" + stream.settings.get(BP_BOARD_PORT.property());
                String rows = "Array.from(document.querySelectorAll('#open-alerts tbody tr[data-alert-id]'))";

                try (ChromiumPage viewer = chromium.get().open("1280,1000")) {
                    viewer.signIn(board, TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);
                    viewer.await(rows + ".length === 2", "the queue of two", Duration.ofSeconds(30));
                    assertThat(viewer.evaluate(rows + ".map(r => r.dataset.kind).join()").asText())
                            .isEqualTo("crisis,hypotension");
                    assertThat(viewer.evaluate("document.querySelectorAll('button[data-action]').length").asInt())
                            .as("no action offered to a viewer").isZero();
                    assertThat(viewer.evaluate("fetch('/api/session').then(r => r.json()).then(s => fetch("
                            + "'/api/alerts/" + crisis + "/review', {method: 'POST', headers: {'X-CSRF-Token':"
                            + " s.csrf_token, 'Content-Type': 'application/json'}, body: JSON.stringify({action:"
                            + " 'acknowledge', action_id: 'viewer-0001', expected_revision: 0})})).then(r => r.status)")
                            .asInt()).as("nor taken from one").isEqualTo(403);
                }

                try (ChromiumPage clinician = chromium.get().open("1280,1000")) {
                    clinician.signIn(board, TestUsers.CLINICIAN, TestUsers.CLINICIAN_PASSWORD);
                    String crisisRow = "document.querySelector('tr[data-alert-id=\"" + crisis + "\"]')";
                    clinician.await(crisisRow + " !== null && " + crisisRow
                            + ".querySelector('button[data-action=acknowledge]') !== null", "the crisis's row",
                            Duration.ofSeconds(30));
                    clinician.evaluate(crisisRow + ".querySelector('button[data-action=acknowledge]').click(); true");
                    clinician.await(crisisRow + " !== null && " + crisisRow + ".dataset.holder === '"
                            + TestUsers.CLINICIAN + "'", "the crisis held by the clinician", Duration.ofSeconds(30));
                    assertThat(flagOf(fhir, crisis).getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);

                    clinician.evaluate(crisisRow + ".querySelector('button[data-action=close]').click();"
                            + "document.getElementById('close-outcome').value = 'advised-to-seek-care';"
                            + "document.getElementById('close-note').value = 'symptomatic, to A&E';"
                            + "document.getElementById('close-confirm').click(); true");
                    clinician.await(crisisRow + " === null && " + rows + ".length === 1", "the crisis off the queue",
                            Duration.ofSeconds(30));
                    Poll.until(Duration.ofSeconds(60), () -> flagOf(fhir, crisis).getStatus()
                            == Flag.FlagStatus.INACTIVE, "the crisis's Flag inactive");
                    assertThat(flagOf(fhir, low).getStatus()).as("the low pressure still waits")
                            .isEqualTo(Flag.FlagStatus.ACTIVE);
                    assertThat(audit(stream, 2)).extracting(record -> record.path("action").asText(),
                                    record -> record.path("note").asText(null))
                            .containsExactlyInAnyOrder(tuple("acknowledge", null),
                                    tuple("close", "symptomatic, to A&E"));

                    String lowRow = "document.querySelector('tr[data-alert-id=\"" + low + "\"]')";
                    clinician.evaluate(lowRow + ".querySelector('button[data-action=reassign]').click();"
                            + "document.getElementById('reassign-to').value = 'dr.lee';"
                            + "document.getElementById('reassign-confirm').click(); true");
                    clinician.await(lowRow + " !== null && " + lowRow + ".dataset.holder === 'dr.lee'",
                            "the low pressure handed to dr.lee", Duration.ofSeconds(30));

                    // the patient view, from the queue: the chart of the days, the target, each alert's history
                    clinician.evaluate("document.querySelector('a[href=\"/patients/p-low\"]').click(); true");
                    clinician.await("location.pathname === '/patients/p-low' && document.body.dataset.state === 'ok'",
                            "the low pressure's patient, from its row", Duration.ofSeconds(30));
                    assertThat(clinician.evaluate("document.querySelector('li[data-kind=hypotension]')"
                            + ".dataset.reviewStatus").asText()).isEqualTo("unreviewed");
                    clinician.navigate(board + "/patients/p-crisis");
                    clinician.await("document.body.dataset.state === 'ok'", "the patient view", Duration.ofSeconds(30));
                    clinician.await("document.getElementById('patient-chart').dataset.days === '1'"
                            + " && document.querySelector('#patient-chart canvas') !== null", "the chart of the day",
                            Duration.ofSeconds(30));
                    assertThat(clinician.evaluate("document.getElementById('target-text').textContent").asText())
                            .isEqualTo("Below 135/85 mmHg · the home lines");
                    assertThat(clinician.evaluate("Array.from(document.querySelectorAll("
                            + "'li[data-kind=crisis] .review-history li')).map(h => h.dataset.action).join()").asText())
                            .isEqualTo("acknowledge,close");
                    assertThat(clinician.evaluate("document.querySelector('li[data-kind=crisis] .review-history')"
                            + ".textContent").asText()).contains("symptomatic, to A&E");
                    clinician.evaluate("document.getElementById('target-systolic').value = '125';"
                            + "document.getElementById('target-diastolic').value = '75';"
                            + "document.getElementById('target-save').click(); true");
                    clinician.await("document.body.dataset.targetSaved === 'true'", "the target set",
                            Duration.ofSeconds(30));
                    Poll.until(Duration.ofSeconds(60), () -> {
                        clinician.navigate(board + "/patients/p-crisis");
                        clinician.await("document.body.dataset.state === 'ok'", "the patient view",
                                Duration.ofSeconds(30));
                        return clinician.evaluate("document.getElementById('target').dataset.targetSetBy").asText()
                                .equals(TestUsers.CLINICIAN);
                    }, "the day counted against the new target");
                    assertThat(clinician.evaluate("document.getElementById('target-text').textContent").asText())
                            .startsWith("Below 125/75 mmHg · set by " + TestUsers.CLINICIAN);

                    String csrf = clinician.evaluate("fetch('/api/session').then(r => r.json())"
                            + ".then(s => s.csrf_token)").asText();
                    assertThat(app.logText()).as("no password, token or note in any log line")
                            .doesNotContain(TestUsers.CLINICIAN_PASSWORD).doesNotContain(TestUsers.VIEWER_PASSWORD)
                            .doesNotContain(csrf).doesNotContain("symptomatic").contains(TestUsers.CLINICIAN);

                    clinician.evaluate("document.getElementById('sign-out').click(); true");
                    clinician.await("location.pathname === '/signin' && document.readyState === 'complete'"
                            + " && document.getElementById('signin-form') !== null", "back on the sign-in page",
                            Duration.ofSeconds(30));
                    assertThat(clinician.evaluate("fetch('/api/alerts').then(r => r.status)").asInt())
                            .as("signed out").isEqualTo(401);
                }
            } finally {
                app.close();
            }
        }
    }

    private static String action(String action, String actionId, int expectedRevision, String note, String outcome) {
        return "{\"action\":\"" + action + "\",\"action_id\":\"" + actionId + "\",\"expected_revision\":"
                + expectedRevision + (note == null ? "" : ",\"note\":\"" + note + "\"")
                + (outcome == null ? "" : ",\"outcome\":\"" + outcome + "\"") + "}";
    }

    private static HttpResponse<String> send(String url, String body) {
        try {
            return post(url, CLINICIAN, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(String url, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitDocument(AlertStream stream, String alertId,
                                      java.util.function.Predicate<JsonNode> condition) throws Exception {
        Poll.until(Duration.ofSeconds(60), () -> {
            JsonNode document = stream.alertDocuments().get(alertId);
            return document != null && condition.test(document);
        }, "alert " + alertId + " in bp_alerts");
    }

    /** The patient and the reading on the FHIR server, as in the EHR the readings come from. */
    private static void seed(IGenericClient client, String patientId, String observationId) {
        Patient patient = new Patient();
        patient.setId("Patient/" + patientId);
        client.update().resource(patient).execute();
        Observation observation = new Observation();
        observation.setId("Observation/" + observationId);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().setText("Blood pressure panel");
        observation.setSubject(new Reference("Patient/" + patientId));
        client.update().resource(observation).execute();
    }

    private static Flag flagOf(LocalFhirServer fhir, String alertId) {
        Bundle found = fhir.client().search().forResource(Flag.class)
                .where(Flag.IDENTIFIER.exactly().systemAndCode(AlertFlags.IDENTIFIER_SYSTEM, alertId))
                .returnBundle(Bundle.class).execute();
        return found.getEntry().isEmpty() ? null : (Flag) found.getEntry().get(0).getResource();
    }

    /** The audit index once it holds {@code count} records; read on a while so a duplicate would show. */
    private static List<JsonNode> audit(AlertStream stream, int count) throws Exception {
        String index = stream.settings.get(BP_AUDIT_INDEX.property());
        List<JsonNode> records = new ArrayList<>();
        Poll.until(Duration.ofSeconds(60), () -> {
            SharedStack.es().post("/" + index + "/_refresh", "");
            var response = SharedStack.es().post("/" + index + "/_search", "{\"size\": 100}");
            records.clear();
            if (response.ok()) {
                JSON.readTree(response.body()).path("hits").path("hits")
                        .forEach(hit -> records.add(hit.path("_source")));
            }
            return records.size() >= count;
        }, count + " audit records");
        return records;
    }

    /** The review events on the alert topic, committed ones only. */
    private static List<String> reviewEvents(AlertStream stream) {
        List<String> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaTestClient.committedReader()) {
            consumer.subscribe(List.of(stream.settings.get(BP_ALERT_TOPIC.property())));
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String event = new String(record.headers().lastHeader(AlertEvent.EVENT_HEADER).value(),
                            StandardCharsets.US_ASCII);
                    if (List.of("acknowledged", "reassigned", "closed").contains(event)) {
                        events.add(event);
                    }
                }
            }
        }
        return events;
    }
}
