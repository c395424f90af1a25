package io.bpmonitor.feed;

import static io.bpmonitor.config.Setting.BP_FHIR_FEED_PAGE_SIZE;
import static io.bpmonitor.config.Setting.BP_FHIR_FEED_POLL_INTERVAL_MS;
import static io.bpmonitor.config.Setting.BP_FHIR_FEED_URL;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import com.sun.net.httpserver.HttpServer;
import io.bpmonitor.rules.PatientTarget;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.LogCapture;
import io.bpmonitor.testing.RouteTestSupport;
import io.bpmonitor.testing.SettingMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kafka.KafkaConstants;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * routes/feed.yaml with the FHIR server and Kafka stood in (the real ones are FhirFeedIT's): which searches it makes,
 * what it publishes page by page, and that the cursor moves only past readings Kafka has acknowledged.
 */
class FhirFeedRouteTest extends RouteTestSupport {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00.000Z");
    private static final String SERVER = "http://ehr.test/fhir";
    private static final Duration OVERLAP = Duration.ofSeconds(1);

    private final List<KnownReadings.Sent> readings = KnownReadings.generate(5, 3);
    /** What the stand-in server answers, search or next page, in order; an exception is thrown instead. */
    private final Deque<Object> answers = new ArrayDeque<>();
    private final List<String> searches = new ArrayList<>();
    /** What Kafka's stand-in acknowledged: readings and cursor records. */
    private final List<Message> published = new ArrayList<>();
    private boolean kafkaDown;

    @Override
    protected String routesFile() {
        return "feed.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return SettingMap.of(BP_ROUTES, "feed", BP_FHIR_FEED_URL, SERVER, BP_FHIR_FEED_PAGE_SIZE, "2",
                BP_FHIR_FEED_POLL_INTERVAL_MS, "86400000");
    }

    /** The feed starts from a cursor kept at T0 (instead of Kafka's), nothing published yet, searches reaching 1 s back. */
    /** Tests named {@code overHttp...} keep camel-fhir and talk to {@link #ehr}, a plain HTTP stand-in. */
    private HttpServer ehr;
    private final List<String> requests = new ArrayList<>();

    @BeforeEach
    void standIns(TestInfo test) throws Exception {
        boolean overHttp = test.getTestMethod().orElseThrow().getName().startsWith("overHttp");
        context.getRegistry().unbind("fhirFeed");
        FeedServer server = new FeedServer(SERVER, Optional.empty(), Optional.empty(), Optional.empty());
        context.getRegistry().bind("fhirFeed", new FhirFeed(server, new FeedObservations(FHIR), 2, OVERLAP,
                key -> Optional.of(FeedCursor.from(T0)), FeedCursor.START, new FeedProblems(86_400_000)));
        context.getRegistry().unbind("fhirGoalFeed");
        context.getRegistry().bind("fhirGoalFeed", new FhirFeed(server, new FeedGoals("targets", 135, 85, () -> { }), 2,
                OVERLAP, key -> Optional.empty(), FeedCursor.START, new FeedProblems(86_400_000)));
        if (overHttp) {
            ehr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ehr.createContext("/", exchange -> {
                requests.add(exchange.getRequestURI() + " Cache-Control: " + exchange.getRequestHeaders().getFirst("Cache-Control"));
                byte[] bundle = FHIR.newJsonParser().encodeResourceToString((Bundle) answers.remove()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
                exchange.sendResponseHeaders(200, bundle.length);
                exchange.getResponseBody().write(bundle);
                exchange.close();
            });
            ehr.start();
            context.getRegistry().unbind("fhirFeedClient");
            context.getRegistry().bind("fhirFeedClient", new FeedServer("http://127.0.0.1:" + ehr.getAddress().getPort() + "/fhir",
                    Optional.empty(), Optional.empty(), Optional.empty()).client(FHIR));
        }
        for (String route : new String[] {"feed-poll", "feed-goals"}) {
            AdviceWith.adviceWith(context, route, advice -> {
                advice.replaceFromWith(route.equals("feed-poll") ? "direct:poll" : "direct:goals");
                if (!overHttp) {
                    advice.weaveByToUri("fhir:*").replace().process(this::answer);
                }
                advice.weaveByToUri("kafka:*").replace().process(this::acknowledge);
            });
        }
        context.start();
    }

    @AfterEach
    void stopEhr() {
        if (ehr != null) {
            ehr.stop(0);
        }
    }

    @Test
    void overHttpTheSearchAndTheNextPageAreWhatCamelFhirAsksTheServer() {
        Bundle first = page(false, reading(0, 0), reading(1, 5));
        first.addLink().setRelation(Bundle.LINK_NEXT).setUrl("http://127.0.0.1:" + ehr.getAddress().getPort()
                + "/fhir?_getpages=abc&_getpagesoffset=2&_count=2");
        answers.add(first);
        answers.add(page(false, reading(2, 7)));

        try (LogCapture log = LogCapture.open()) {
            template.sendBody("direct:poll", null);
            assertThat(log.text()).doesNotContain("WARN");
        }

        assertThat(requests).containsExactly(
                "/fhir/Observation?code=http%3A//loinc.org%7C85354-9,http%3A//loinc.org%7C35094-2,http%3A//loinc.org%7C55417-0&_lastUpdated=ge2026-11-29T09%3A59%3A59Z&_sort=_lastUpdated&_count=2"
                        + " Cache-Control: no-cache",
                "/fhir?_getpages=abc&_getpagesoffset=2&_count=2 Cache-Control: null");
        assertThat(sentReadings()).containsExactly(readings.get(0).id(), readings.get(1).id(), readings.get(2).id());
    }

    @Test
    void publishesEveryPageKeyedByPatientThenKeepsTheCursorPastIt() {
        answers.add(page(true, reading(0, 0), reading(1, 5)));
        answers.add(page(false, reading(2, 5)));

        template.sendBody("direct:poll", null);

        assertThat(searches).containsExactly("Observation?code=http://loinc.org|85354-9,http://loinc.org|35094-2,http://loinc.org|55417-0&_lastUpdated=ge2026-11-29T09:59:59Z"
                + "&_sort=_lastUpdated&_count=2", "next");
        assertThat(sentReadings()).containsExactly(readings.get(0).id(), readings.get(1).id(), readings.get(2).id());
        assertThat(sentKeys()).containsExactly(readings.get(0).patientId(), readings.get(1).patientId(), readings.get(2).patientId());
        assertThat(cursors()).containsExactly(
                new FeedCursor(T0.plusMillis(5), Map.of(readings.get(0).id(), T0, readings.get(1).id(), T0.plusMillis(5))),
                new FeedCursor(T0.plusMillis(5), Map.of(readings.get(0).id(), T0, readings.get(1).id(), T0.plusMillis(5),
                        readings.get(2).id(), T0.plusMillis(5))));
    }

    @Test
    void theNextPollAsksFromTheCursorAndSendsOnlyWhatIsNew() {
        answers.add(page(false, reading(0, 5)));
        template.sendBody("direct:poll", null);
        published.clear();

        answers.add(page(false, reading(0, 5), reading(3, 5), reading(4, 9)));
        template.sendBody("direct:poll", null);

        assertThat(searches.get(1)).contains("&_lastUpdated=ge2026-11-29T09:59:59.005Z&");
        assertThat(sentReadings()).containsExactly(readings.get(3).id(), readings.get(4).id());
    }

    @Test
    void aReadingTheServerStoredLateIsFoundWithinTheOverlap() {
        answers.add(page(false, reading(0, 900)));
        template.sendBody("direct:poll", null);
        published.clear();

        // stamped 400 ms after T0, but committed after reading 0 was read
        answers.add(page(false, reading(1, 400), reading(0, 900)));
        template.sendBody("direct:poll", null);

        assertThat(searches.get(1)).contains("&_lastUpdated=ge2026-11-29T09:59:59.900Z&");
        assertThat(sentReadings()).containsExactly(readings.get(1).id());
        assertThat(cursors().get(0)).isEqualTo(new FeedCursor(T0.plusMillis(900),
                Map.of(readings.get(0).id(), T0.plusMillis(900), readings.get(1).id(), T0.plusMillis(400))));
    }

    @Test
    void readingsKafkaDidNotAcknowledgeAreReadAgainAtTheNextPoll() {
        kafkaDown = true;
        answers.add(page(false, reading(0, 5)));
        template.sendBody("direct:poll", null);
        assertThat(cursors()).isEmpty();

        kafkaDown = false;
        answers.add(page(false, reading(0, 5)));
        template.sendBody("direct:poll", null);

        assertThat(searches.get(1)).contains("&_lastUpdated=ge2026-11-29T09:59:59Z&");
        assertThat(sentReadings()).containsExactly(readings.get(0).id());
    }

    @Test
    void anUnreachableServerIsOneLineUntilItAnswersAgain() {
        try (LogCapture log = LogCapture.open()) {
            for (int poll = 0; poll < 3; poll++) {
                answers.add(new FhirClientConnectionException(new ConnectException("Connection refused")));
                template.sendBody("direct:poll", null);
            }
            answers.add(page(false, reading(0, 5)));
            template.sendBody("direct:poll", null);

            assertThat(log.text().lines().filter(line -> line.contains(" from " + SERVER)).toList()).containsExactly(
                    "INFO io.bpmonitor.feed.FhirFeed - FHIR feed of Observations from " + SERVER + " starts at " + T0,
                    "WARN io.bpmonitor.feed.FeedProblems - FHIR feed of Observations from " + SERVER + ": the server cannot be reached"
                            + " (connection refused): check BP_FHIR_FEED_URL; trying again every 86400000 ms",
                    "INFO io.bpmonitor.feed.FeedProblems - FHIR feed of Observations from " + SERVER + " reads again");
            assertThat(log.text()).doesNotContain("Exception");
        }
        assertThat(sentReadings()).containsExactly(readings.get(0).id());
    }

    @Test
    void goalsOnBloodPressureBecomeTargetsOnTheirTopicAndEndedOnesRemoveThem() {
        Goal active = goal("g1", "p-7", Goal.GoalLifecycleStatus.ACTIVE);
        active.addTarget().setMeasure(loinc("8480-6")).setDetail(new Range().setHigh(mmHg(130)).setLow(mmHg(100)));
        active.addTarget().setMeasure(loinc("8462-4")).setDetail(mmHg(80).setComparator(Quantity.QuantityComparator.LESS_THAN));
        Goal ended = goal("g2", "p-8", Goal.GoalLifecycleStatus.CANCELLED);
        ended.addTarget().setMeasure(loinc("8480-6")).setDetail(mmHg(140));
        Goal weight = goal("g3", "p-9", Goal.GoalLifecycleStatus.ACTIVE);
        weight.addTarget().setMeasure(loinc("29463-7")).setDetail(new Quantity(80).setCode("kg"));
        Goal proposed = goal("g4", "p-9", Goal.GoalLifecycleStatus.PROPOSED);
        proposed.addTarget().setMeasure(loinc("8480-6")).setDetail(mmHg(120));
        // what a feed cannot read holds up nothing after it
        Goal noStatus = goal("g5", "p-9", null);
        noStatus.addTarget().setMeasure(loinc("8480-6")).setDetail(mmHg(120));
        Goal noValue = goal("g6", "p-9", Goal.GoalLifecycleStatus.ACTIVE);
        noValue.addTarget().setMeasure(loinc("8480-6")).setDetail(new Quantity().setCode("mm[Hg]"));
        Goal absurd = goal("g7", "p-9", Goal.GoalLifecycleStatus.ACTIVE);
        absurd.addTarget().setMeasure(loinc("8480-6")).setDetail(mmHg(1).setValue(new java.math.BigDecimal("1e30")));
        Goal later = goal("g8", "p-10", Goal.GoalLifecycleStatus.ACCEPTED);
        later.addTarget().setMeasure(loinc("8462-4")).setDetail(mmHg(80).setComparator(Quantity.QuantityComparator.LESS_OR_EQUAL));
        Bundle page = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        for (Goal goal : List.of(active, ended, weight, proposed, noStatus, noValue, absurd, later)) {
            page.addEntry().setResource(goal);
        }
        answers.add(page);

        template.sendBody("direct:goals", null);

        assertThat(searches).containsExactly("Goal?_sort=_lastUpdated&_count=2");
        List<Message> targets = published.stream()
                .filter(message -> "targets".equals(message.getHeader(KafkaConstants.OVERRIDE_TOPIC))).toList();
        assertThat(targets).extracting(message -> message.getHeader(KafkaConstants.KEY))
                .containsExactly("p-7", "p-8", "p-10");
        assertThat(PatientTarget.fromJson(targets.get(2).getBody(byte[].class)))
                .as("at most 80 diastolic: 81 is above; the systolic keeps the home line")
                .extracting(PatientTarget::systolicUpper, PatientTarget::diastolicUpper).containsExactly(135, 81);
        PatientTarget target = PatientTarget.fromJson(targets.get(0).getBody(byte[].class));
        assertThat(target).extracting(PatientTarget::systolicUpper, PatientTarget::systolicLower,
                PatientTarget::diastolicUpper, PatientTarget::diastolicLower, PatientTarget::setBy,
                PatientTarget::source).as("130 within the range, so 131 above it; under 80, so 80 above it")
                .containsExactly(131, 100, 80, null, "Dr Martin", "Goal/g1");
        assertThat(PatientTarget.fromJson(targets.get(1).getBody(byte[].class)))
                .as("a cancelled Goal ends the target it set").extracting(PatientTarget::ended, PatientTarget::source)
                .containsExactly(true, "Goal/g2");
        assertThat(published).filteredOn(message -> SERVER.concat(" Goal").equals(message.getHeader(KafkaConstants.KEY)))
                .as("the Goals' own cursor").hasSize(1);
    }

    private static Goal goal(String id, String patient, Goal.GoalLifecycleStatus status) {
        Goal goal = new Goal().setSubject(new Reference("Patient/" + patient))
                .setExpressedBy(new Reference().setDisplay("Dr Martin"));
        if (status != null) {
            goal.setLifecycleStatus(status);
        }
        goal.setId(id);
        goal.getMeta().setLastUpdated(Date.from(T0));
        return goal;
    }

    private static CodeableConcept loinc(String code) {
        return new CodeableConcept().addCoding(new Coding("http://loinc.org", code, null));
    }

    private static Quantity mmHg(int value) {
        return new Quantity(value).setUnit("mmHg").setSystem("http://unitsofmeasure.org").setCode("mm[Hg]");
    }

    private void answer(Exchange exchange) throws Exception {
        Object answer = answers.remove();
        searches.add(exchange.getMessage().getHeader("CamelFhir.url", "next", String.class));
        if (answer instanceof Exception failure) {
            throw failure;
        }
        exchange.getMessage().setBody(answer);
    }

    /** Kafka's stand-in: keeps what it is sent, readings (a list) and cursors alike, unless it is down. */
    @SuppressWarnings("unchecked")
    private void acknowledge(Exchange exchange) {
        if (kafkaDown) {
            throw new org.apache.kafka.common.errors.TimeoutException("Kafka is down");
        }
        Object body = exchange.getMessage().getBody();
        if (body instanceof List<?> messages) {
            published.addAll((List<Message>) messages);
        } else {
            published.add(exchange.getMessage().copy());
        }
    }

    private List<String> sentReadings() {
        return published.stream().filter(m -> !SERVER.equals(m.getHeader(KafkaConstants.KEY)))
                .map(m -> FHIR.newJsonParser().parseResource(Observation.class,
                        new String(m.getBody(byte[].class), StandardCharsets.UTF_8)).getIdElement().getIdPart())
                .toList();
    }

    private List<String> sentKeys() {
        return published.stream().map(m -> m.getHeader(KafkaConstants.KEY, String.class)).filter(k -> !SERVER.equals(k)).toList();
    }

    private List<FeedCursor> cursors() {
        return published.stream().filter(m -> SERVER.equals(m.getHeader(KafkaConstants.KEY)))
                .map(m -> FeedCursor.fromJson(m.getBody(byte[].class))).toList();
    }

    /** Reading {@code index}, as the server holds it: last updated {@code millis} after T0. */
    private Observation reading(int index, long millis) {
        Observation observation = FHIR.newJsonParser().parseResource(Observation.class,
                new String(readings.get(index).json(), StandardCharsets.UTF_8));
        observation.getMeta().setLastUpdated(Date.from(T0.plusMillis(millis)));
        return observation;
    }

    private static Bundle page(boolean hasNext, Observation... observations) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        for (Observation observation : observations) {
            bundle.addEntry().setResource(observation).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        if (hasNext) {
            bundle.addLink().setRelation(Bundle.LINK_NEXT).setUrl(SERVER + "?_getpages=x");
        }
        return bundle;
    }
}
