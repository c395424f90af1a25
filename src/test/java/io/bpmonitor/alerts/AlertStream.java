package io.bpmonitor.alerts;

import static io.bpmonitor.config.Setting.BP_ALERT_INDEX;
import static io.bpmonitor.config.Setting.BP_ALERT_REPEATED_READINGS;
import static io.bpmonitor.config.Setting.BP_ALERT_TOPIC;
import static io.bpmonitor.config.Setting.BP_DETECTOR_MAX_POLL_RECORDS;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_PATIENT_DAYS_INDEX;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.simulation.ObservationJson;
import io.bpmonitor.simulation.SimulatedReading;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Readings with chosen effective times and values for the alert tests, the settings of an isolated detector (its own
 * topics and indices), and what the test reads back: the {@code bp_alerts} documents and the {@code bp-alerts} events.
 */
final class AlertStream {

    static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");
    /** The strict mapping of {@code bp_alerts} two releases ago, before {@code quiet_from} and {@code review_status}. */
    static final String PREVIOUS_RELEASE_MAPPING = """
            {"mappings": {"dynamic": "strict", "properties": {
              "alert_id": {"type": "keyword"}, "patient_id": {"type": "keyword"}, "kind": {"type": "keyword"},
              "status": {"type": "keyword"}, "opened_at": {"type": "date"}, "last_reading_at": {"type": "date"},
              "resolved_at": {"type": "date"}, "resolution": {"type": "keyword"}, "readings": {"type": "integer"},
              "systolic": {"type": "integer"}, "diastolic": {"type": "integer"},
              "observation_ids": {"type": "keyword"}}}}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One reading to send: patient, Observation id, minutes after {@link #T0}, values; a partial one has no diastolic
     * value, its component a dataAbsentReason instead (R4's observation-example-bloodpressure-dar).
     */
    record Reading(String patientId, String id, int minute, int systolic, int diastolic, boolean diastolicAbsent,
                   String status) {

        Reading(String patientId, String id, int minute, int systolic, int diastolic) {
            this(patientId, id, minute, systolic, diastolic, false, "final");
        }

        static Reading withoutDiastolic(String patientId, String id, int minute, int systolic) {
            return new Reading(patientId, id, minute, systolic, 0, true, "final");
        }

        /** This reading's version with the status {@code entered-in-error}: its withdrawal. */
        Reading enteredInError() {
            return new Reading(patientId, id, minute, systolic, diastolic, diastolicAbsent, "entered-in-error");
        }

        Instant effectiveAt() {
            return T0.plus(Duration.ofMinutes(minute));
        }

        boolean anomaly() {
            return systolic > 140 || diastolic > 90;
        }

        ProducerRecord<String, byte[]> record(String topic) {
            SimulatedReading reading = new SimulatedReading(id, patientId, "cuff-1",
                    effectiveAt().atOffset(ZoneOffset.ofHours(1)), systolic, diastolicAbsent ? 60 : diastolic);
            byte[] json = ObservationJson.bytes(reading);
            if (diastolicAbsent || !"final".equals(status)) {
                try {
                    ObjectNode observation = (ObjectNode) JSON.readTree(json);
                    observation.put("status", status);
                    if (diastolicAbsent) {
                        ObjectNode diastolicComponent = (ObjectNode) observation.withArray("component").get(1);
                        diastolicComponent.remove("valueQuantity");
                        diastolicComponent.putObject("dataAbsentReason").putArray("coding").addObject()
                                .put("system", "http://terminology.hl7.org/CodeSystem/data-absent-reason")
                                .put("code", "not-performed");
                    }
                    json = JSON.writeValueAsBytes(observation);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new ProducerRecord<>(topic, patientId, json);
        }
    }

    final Map<String, String> settings;

    AlertStream(int partitions) {
        // its own topics, indices, engine application id and projection group
        settings = RunningApp.isolatedSettings();
        settings.put(BP_DETECTOR_MAX_POLL_RECORDS.property(), "200");
        // the short-window rule on: its episodes make these streams' alerts, with crisis and low pressure
        settings.put(BP_ALERT_REPEATED_READINGS.property(), "3");
        SharedStack.createTopic(settings.get(BP_TOPIC.property()), partitions);
    }

    String topic() {
        return settings.get(BP_TOPIC.property());
    }

    List<ProducerRecord<String, byte[]>> records(List<Reading> readings) {
        return readings.stream().map(reading -> reading.record(topic())).toList();
    }

    /** The alerts in {@code bp_alerts} by id, as JSON. */
    Map<String, JsonNode> alertDocuments() throws Exception {
        String index = settings.get(BP_ALERT_INDEX.property());
        SharedStack.es().post("/" + index + "/_refresh", "");
        var response = SharedStack.es().post("/" + index + "/_search", "{\"size\": 10000}");
        assertThat(response.ok()).as(response.body()).isTrue();
        Map<String, JsonNode> documents = new TreeMap<>();
        for (JsonNode hit : JSON.readTree(response.body()).path("hits").path("hits")) {
            assertThat(hit.path("_id").asText()).isEqualTo(hit.path("_source").path("alert_id").asText());
            documents.put(hit.path("_id").asText(), withoutArrival(hit.path("_source")));
        }
        return documents;
    }

    /** The anomaly document of an Observation in {@code bp_anomalies}, or null when there is none. */
    JsonNode anomalyDocument(String observationId) throws Exception {
        var response = SharedStack.es().get("/" + settings.get(BP_INDEX.property()) + "/_doc/" + observationId);
        return response.ok() ? JSON.readTree(response.body()).path("_source") : null;
    }

    /** The document of a patient's day in {@code bp_patient_days}, once it has {@code readings} readings. */
    JsonNode awaitPatientDay(String patientId, LocalDate day, int readings, Duration timeout) throws Exception {
        return awaitPatientDay(patientId, day, document -> document.path("readings").asInt() == readings,
                readings + " readings", timeout);
    }

    /** The patient's day in bp_patient_days once it is {@code what}. */
    JsonNode awaitPatientDay(String patientId, LocalDate day, java.util.function.Predicate<JsonNode> condition,
                             String what, Duration timeout) throws Exception {
        String index = settings.get(BP_PATIENT_DAYS_INDEX.property());
        String path = "/" + index + "/_doc/" + patientId + "%2F" + day;
        JsonNode[] found = new JsonNode[1];
        Poll.until(timeout, () -> {
            var response = SharedStack.es().get(path);
            found[0] = response.ok() ? JSON.readTree(response.body()).path("_source") : null;
            return found[0] != null && condition.test(found[0]);
        }, "bp_patient_days holds " + what + " of " + patientId + " on " + day);
        return found[0];
    }

    /**
     * Every committed opened and resolved event of {@code bp-alerts}, in the order of each partition; the key is
     * checked to be the patient. The {@code updated} events of growing episodes are the projection's, not counted.
     */
    List<JsonNode> alertEvents(int atLeast, Duration timeout) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        // read_committed: only the events of committed polls, each once
        try (KafkaConsumer<String, byte[]> consumer = KafkaTestClient.committedReader()) {
            consumer.subscribe(List.of(settings.get(BP_ALERT_TOPIC.property())));
            long deadline = System.nanoTime() + timeout.toNanos();
            // read on for a while after the count is reached, so a duplicate would be seen
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (isUpdate(record)) {
                        continue;
                    }
                    JsonNode event = JSON.readTree(record.value());
                    assertThat(record.key()).isEqualTo(event.path("patient_id").asText());
                    events.add(withoutArrival(event));
                }
                if (events.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + 3_000_000_000L;
                }
            }
        }
        return events;
    }

    /**
     * Waits until an opened event of each of {@code alertIds} is on {@code bp-alerts} (read_committed).
     *
     * @return how long that took
     */
    Duration awaitOpened(Set<String> alertIds, Duration timeout) {
        long start = System.nanoTime();
        Set<String> missing = new HashSet<>(alertIds);
        try (KafkaConsumer<String, byte[]> consumer = KafkaTestClient.committedReader()) {
            consumer.subscribe(List.of(settings.get(BP_ALERT_TOPIC.property())));
            while (!missing.isEmpty()) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("opened: " + missing).isLessThan(timeout);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        missing.remove(JSON.readTree(record.value()).path("alert_id").asText());
                    } catch (java.io.IOException e) {
                        throw new AssertionError("an event that is not JSON", e);
                    }
                }
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static boolean isUpdate(ConsumerRecord<String, byte[]> record) {
        var event = record.headers().lastHeader(AlertEvent.EVENT_HEADER);
        return event != null && AlertEvent.UPDATED.code().equals(new String(event.value(), StandardCharsets.US_ASCII));
    }

    /** Waits until {@code bp_alerts} holds exactly {@code expected} (compared field by field). */
    void awaitAlertDocuments(Map<String, JsonNode> expected, Duration timeout) {
        try {
            Poll.until(timeout, () -> alertDocuments().equals(expected), "bp_alerts holds the expected alerts");
        } catch (AssertionError timedOut) {
            try {
                assertThat(alertDocuments()).as(timedOut.getMessage()).isEqualTo(expected);
            } catch (Exception e) {
                throw timedOut;
            }
            throw timedOut;
        }
    }

    /** The events by {@code alert_id:status}, the downstream idempotency key; fails on two different values for one key. */
    static Map<String, List<JsonNode>> byEventKey(List<JsonNode> events) {
        Map<String, List<JsonNode>> byKey = new TreeMap<>();
        for (JsonNode event : events) {
            byKey.computeIfAbsent(event.path("alert_id").asText() + ":" + event.path("status").asText(),
                    key -> new ArrayList<>()).add(event);
        }
        byKey.forEach((key, copies) -> assertThat(copies).as("copies of " + key).allMatch(copies.get(0)::equals));
        return byKey;
    }

    /** Alerts as the contract writes them, for expectations. */
    static JsonNode alert(Alert alert) throws Exception {
        return withoutArrival(JSON.readTree(AlertJson.text(alert)));
    }

    /**
     * An alert without {@code quiet_from} and its review's {@code raised_at}: they hold the readings' arrivals (their
     * records' timestamps) and the engine's wall clock, which the expectations do not know. The tests of the clock
     * and of the review check them.
     */
    static JsonNode withoutArrival(JsonNode alert) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) alert).remove("quiet_from");
        if (alert.path("review") instanceof com.fasterxml.jackson.databind.node.ObjectNode review) {
            review.remove("raised_at");
        }
        return alert;
    }

    /**
     * A seeded stream for the fault tests: {@code patients} patients, one reading each every 2 minutes of effective
     * time, sent in effective-time order, with pauses long enough for episodes to resolve and new ones to open, and a
     * last anomalous reading of each patient 10 hours later so every episode resolves (by the patient's own reading:
     * the readings arrive long after they were taken, so time passing ends no episode during the test).
     */
    static List<Reading> seeded(int patients, int rounds, long seed) {
        Random random = new Random(seed);
        List<Reading> readings = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (int p = 0; p < patients; p++) {
                // every 40 rounds, each patient pauses for 35 rounds (70 minutes): episodes resolve
                if ((round + p * 7) % 75 >= 40) {
                    continue;
                }
                double draw = random.nextDouble();
                int systolic = draw < 0.03 ? 180 + random.nextInt(30) : draw < 0.45 ? 141 + random.nextInt(30)
                        : 105 + random.nextInt(30);
                int diastolic = 65 + random.nextInt(draw < 0.45 ? 40 : 20);
                readings.add(new Reading(patient(p), "obs-" + p + "-" + round, round * 2, systolic, diastolic));
            }
        }
        for (int p = 0; p < patients; p++) {
            readings.add(new Reading(patient(p), "obs-" + p + "-end", rounds * 2 + 600, 150, 95));
        }
        return readings;
    }

    private static String patient(int index) {
        return String.format("p-%04d", index);
    }

    /**
     * What the rules give for these readings, one patient at a time (each patient's readings in order, every episode
     * resolved by the last reading's event time): the final alerts and every event.
     */
    static Expected expected(List<Reading> readings, AlertRules rules) throws Exception {
        Episodes episodes = new Episodes(rules);
        Map<String, PatientAlerts> states = new HashMap<>();
        Map<String, TakenReadings> taken = new HashMap<>();
        Map<String, JsonNode> finalAlerts = new TreeMap<>();
        Map<String, JsonNode> events = new LinkedHashMap<>();
        Instant end = T0;
        for (Reading reading : readings) {
            end = reading.effectiveAt().isAfter(end) ? reading.effectiveAt() : end;
            boolean low = reading.systolic() < 90 || reading.diastolic() < 60;
            if (!reading.anomaly() && !low) {
                continue;
            }
            boolean crisis = reading.anomaly() && (reading.systolic() >= 180 || reading.diastolic() >= 120);
            PatientAlerts before = states.getOrDefault(reading.patientId(), PatientAlerts.NONE);
            // their arrival, today, is after every effective time: only a patient's own later reading ends an episode
            Episodes.Step step = episodes.fold(reading.patientId(), before, new AlertingReading(reading.id(),
                    reading.effectiveAt(), null, reading.systolic(), reading.diastolic(), crisis),
                    AlertKind.concerning(reading.anomaly(), low),
                    taken.computeIfAbsent(reading.patientId(), patient -> new InMemoryTakenReadings()));
            states.put(reading.patientId(), step.state());
            for (Alert event : step.events()) {
                events.put(event.alertId() + ":" + event.status().code(), alert(event));
                finalAlerts.put(event.alertId(), alert(event));
            }
        }
        for (PatientAlerts state : states.values()) {
            Episodes.Step step = episodes.sweep(state, end);
            for (Alert event : step.events()) {
                events.put(event.alertId() + ":" + event.status().code(), alert(event));
                finalAlerts.put(event.alertId(), alert(event));
            }
        }
        return new Expected(finalAlerts, events);
    }

    record Expected(Map<String, JsonNode> alerts, Map<String, JsonNode> events) {
    }
}
