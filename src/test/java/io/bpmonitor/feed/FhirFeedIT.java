package io.bpmonitor.feed;

import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_FHIR_FEED_CURSOR_TOPIC;
import static io.bpmonitor.config.Setting.BP_FHIR_FEED_PAGE_SIZE;
import static io.bpmonitor.config.Setting.BP_FHIR_FEED_PASSWORD;
import static io.bpmonitor.config.Setting.BP_FHIR_FEED_POLL_INTERVAL_MS;
import static io.bpmonitor.config.Setting.BP_FHIR_FEED_URL;
import static io.bpmonitor.config.Setting.BP_FHIR_FEED_USERNAME;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_PATIENT_TARGETS_TOPIC;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpServer;
import io.bpmonitor.localstack.FhirServerCredentials;
import io.bpmonitor.localstack.LocalFhirServer;
import io.bpmonitor.rules.PatientTarget;
import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.ExpectedAnomalies;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged app as {@code BP_ROUTES=feed,detector} on real Kafka and Elasticsearch, reading a real FHIR R4 server
 * (HAPI's JPA server, {@link LocalFhirServer}) that asks for credentials: the readings seeded there, over many pages,
 * become exactly the expected anomalies; after a kill -9 in the middle of a feed and a restart, every reading is on
 * the readings topic (no gap) and at most the page in flight twice (no duplicate anomaly, its id being the _id).
 */
class FhirFeedIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String USER = "bp-feed";
    private static final String PASSWORD = "feed-it-s3cret-81c2";
    private static final int PAGE_SIZE = 10;
    private static LocalFhirServer server;

    @BeforeAll
    static void startServer() {
        server = LocalFhirServer.start();
        server.requireCredentials(FhirServerCredentials.basic(USER, PASSWORD));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void seededReadingsBecomeTheExpectedAnomaliesWithNoGapAcrossAKill() throws Exception {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.put(BP_ROUTES.property(), "feed,detector");
        settings.put(BP_FHIR_FEED_URL.property(), server.baseUrl());
        settings.put(BP_FHIR_FEED_USERNAME.property(), USER);
        settings.put(BP_FHIR_FEED_PASSWORD.property(), PASSWORD);
        settings.put(BP_FHIR_FEED_PAGE_SIZE.property(), String.valueOf(PAGE_SIZE));
        settings.put(BP_FHIR_FEED_POLL_INTERVAL_MS.property(), "500");
        settings.put(BP_FHIR_FEED_CURSOR_TOPIC.property(),
                "bp-fhir-feed-cursor-" + settings.get(BP_GROUP_ID.property()));
        String topic = settings.get(BP_TOPIC.property());
        SharedStack.createTopic(topic, 2);

        List<Sent> first = KnownReadings.generate(120, 51);
        seed(first);
        List<Sent> all = new ArrayList<>(first);
        try (AppProcess app = AppProcess.start("feed", settings).awaitStarted(Duration.ofSeconds(120))) {
            ExpectedAnomalies.of(all).awaitExactlyIn(settings.get(BP_INDEX.property()),
                    settings.get(BP_GROUP_ID.property()), topic, Duration.ofSeconds(120));
            assertThat(GroupOffsets.recordCount(topic)).as("each reading published once").isEqualTo(first.size());

            // a clinician's Goal in the EHR: the patient's target, on the targets topic
            String patient = first.get(0).patientId();
            Goal goal = new Goal().setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE)
                    .setDescription(new CodeableConcept().setText("home BP under 130/80"))
                    .setSubject(new Reference("Patient/" + patient));
            goal.addTarget().setMeasure(new CodeableConcept().addCoding(new Coding("http://loinc.org", "8480-6", null)))
                    .setDetail(new Quantity(130).setComparator(Quantity.QuantityComparator.LESS_THAN)
                            .setSystem("http://unitsofmeasure.org").setCode("mm[Hg]"));
            goal.addTarget().setMeasure(new CodeableConcept().addCoding(new Coding("http://loinc.org", "8462-4", null)))
                    .setDetail(new Quantity(80).setComparator(Quantity.QuantityComparator.LESS_THAN)
                            .setSystem("http://unitsofmeasure.org").setCode("mm[Hg]"));
            org.hl7.fhir.instance.model.api.IIdType created = authorized().create().resource(goal).execute().getId();
            ConsumerRecord<String, byte[]> target = KafkaTestClient.readAll(
                    settings.get(BP_PATIENT_TARGETS_TOPIC.property()), 1, Duration.ofSeconds(60)).get(0);
            assertThat(target.key()).isEqualTo(patient);
            assertThat(PatientTarget.fromJson(target.value())).extracting(PatientTarget::systolicUpper,
                    PatientTarget::diastolicUpper, PatientTarget::reason, PatientTarget::source)
                    .containsExactly(130, 80, "home BP under 130/80", "Goal/" + created.getIdPart());

            List<Sent> second = KnownReadings.generate(300, 52);
            seed(second);
            all.addAll(second);
            Poll.until(Duration.ofSeconds(60), () -> GroupOffsets.recordCount(topic) > first.size(),
                    "the feed publishing the second lot");
            app.kill();
            assertThat(GroupOffsets.recordCount(topic)).as("killed in the middle of the feed").isLessThan(all.size());
            assertThat(app.logText()).doesNotContain(PASSWORD);
        }

        try (AppProcess again = AppProcess.start("feed-again", settings).awaitStarted(Duration.ofSeconds(120))) {
            List<Sent> third = KnownReadings.generate(40, 53);
            seed(third);
            all.addAll(third);
            ExpectedAnomalies.of(all).awaitExactlyIn(settings.get(BP_INDEX.property()),
                    settings.get(BP_GROUP_ID.property()), topic, Duration.ofSeconds(180));
            List<ConsumerRecord<String, byte[]>> published = KafkaTestClient.readAll(topic, all.size(), Duration.ofSeconds(30));
            assertThat(ids(published)).as("no gap: every reading on the topic")
                    .containsExactlyInAnyOrderElementsOf(all.stream().map(Sent::id).collect(Collectors.toSet()));
            assertThat(published.size() - all.size()).as("sent again after the kill: at most the page in flight")
                    .isBetween(0, PAGE_SIZE);
            for (ConsumerRecord<String, byte[]> record : published) {
                assertThat(record.key()).as("keyed by patient").isEqualTo(patientOf(record.value()));
            }
            assertThat(GroupOffsets.recordCount(settings.get(BP_DLQ_TOPIC.property()))).isZero();
            assertThat(again.logText()).contains("FHIR feed of Observations from " + server.baseUrl() + " starts at 20")
                    .doesNotContain(PASSWORD);
        }
    }

    @Test
    void aWrongUrlIsOneLineAFeedAndTheAppStaysUp() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer notFhir = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notFhir.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] page = "<html><body>Welcome to the hospital intranet</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(404, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        notFhir.start();
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.put(BP_ROUTES.property(), "feed");
        settings.put(BP_FHIR_FEED_URL.property(), "http://127.0.0.1:" + notFhir.getAddress().getPort() + "/intranet");
        settings.put(BP_FHIR_FEED_POLL_INTERVAL_MS.property(), "200");
        settings.put(BP_FHIR_FEED_CURSOR_TOPIC.property(),
                "bp-fhir-feed-cursor-" + settings.get(BP_GROUP_ID.property()));
        try (AppProcess app = AppProcess.start("feed-wrong-url", settings).awaitStarted(Duration.ofSeconds(120))) {
            Poll.until(Duration.ofSeconds(60), () -> requests.get() >= 5, "five polls of the wrong URL");

            assertThat(app.isAlive()).isTrue();
            for (String feed : List.of("Observations", "Goals")) {
                List<String> lines = app.logText().lines()
                        .filter(line -> line.contains("FHIR feed of " + feed + " from") && line.contains("WARN")).toList();
                assertThat(lines).as(feed).singleElement().asString()
                        .contains("the server answered HTTP 404 to the search: check BP_FHIR_FEED_URL");
            }
            assertThat(app.logText()).doesNotContain("hospital intranet").doesNotContain("\tat ");
        } finally {
            notFhir.stop(0);
        }
    }

    /** Stores the readings on the FHIR server with their ids, in batches of 20 (distinct and shared lastUpdated times). */
    private static void seed(List<Sent> readings) {
        for (int from = 0; from < readings.size(); from += 20) {
            Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
            for (Sent reading : readings.subList(from, Math.min(from + 20, readings.size()))) {
                Observation observation = FHIR.newJsonParser().parseResource(Observation.class,
                        new String(reading.json(), StandardCharsets.UTF_8));
                batch.addEntry().setResource(observation).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                        .setUrl("Observation/" + reading.id());
            }
            Bundle response = authorized().transaction().withBundle(batch).execute();
            assertThat(response.getEntry()).allSatisfy(entry -> assertThat(entry.getResponse().getStatus()).startsWith("201"));
        }
    }

    private static ca.uhn.fhir.rest.client.api.IGenericClient authorized() {
        ca.uhn.fhir.rest.client.api.IGenericClient client = server.client();
        client.registerInterceptor(new ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor(USER, PASSWORD));
        return client;
    }

    private static Set<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(record -> observation(record.value()).getIdElement().getIdPart()).collect(Collectors.toSet());
    }

    private static String patientOf(byte[] json) {
        return observation(json).getSubject().getReferenceElement().getIdPart();
    }

    private static Observation observation(byte[] json) {
        return FHIR.newJsonParser().parseResource(Observation.class, new String(json, StandardCharsets.UTF_8));
    }
}
