package io.bpmonitor.alerts;

import static io.bpmonitor.config.Setting.BP_ALERTS_ENABLED;
import static io.bpmonitor.config.Setting.BP_ALERT_APPLICATION_ID;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_READINGS_TOPIC;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmonitor.alerts.AlertStream.Expected;
import io.bpmonitor.alerts.AlertStream.Reading;
import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.PacedProducer;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults on the packaged detector and alert engine, real Kafka and Elasticsearch, with a seeded stream of 12 patients
 * whose episodes open, grow and resolve: after each fault, {@code bp_alerts} holds exactly the alerts the rules give
 * (value by value) and {@code bp-alerts}, read {@code read_committed}, has every open and resolve event exactly once.
 */
class AlertsFaultsIT {

    private static final Logger LOG = LoggerFactory.getLogger(AlertsFaultsIT.class);
    private static final AlertRules DEFAULT_RULES =
            new AlertRules(3, Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofSeconds(10), 12, 3);

    private final List<Reading> readings = AlertStream.seeded(12, 200, 14);

    @Test
    void sigkillMidEpisodeTwiceLeavesExactlyTheExpectedAlerts() throws Exception {
        AlertStream stream = new AlertStream(2);
        Map<String, String> settings = new java.util.HashMap<>(stream.settings);
        settings.putAll(AppProcess.fastGroupTimings());
        AppProcess detector = AppProcess.start("alerts-killed-0", settings).awaitStarted(Duration.ofSeconds(60));
        try (PacedProducer producer = PacedProducer.start(stream.records(readings), 100)) {
            for (int kill = 1; kill <= 2; kill++) {
                long threshold = anomalies() * kill / 3;
                Poll.until(Duration.ofSeconds(90),
                        () -> Anomalies.count(stream.settings.get(BP_INDEX.property())) >= threshold,
                        threshold + " anomalies indexed before kill " + kill);
                detector.kill();
                detector = AppProcess.start("alerts-killed-" + kill, settings);
            }
            producer.awaitAllAcknowledged(Duration.ofSeconds(90));
            assertExactlyTheExpectedAlerts(stream);
        } finally {
            detector.close();
        }
    }

    /**
     * Three engine instances apart from the detector, one group; one SIGKILLed mid-stream, then a second: after each
     * kill a crisis of a new patient on every partition is on {@code bp-alerts} within 15 s. At the end every event is
     * there exactly once and {@code bp_alerts} is exact; then a detector in a new group publishes the whole history
     * again, and no event is added.
     */
    @Test
    void threeEnginesShareThePatientsAndTwoDie() throws Exception {
        AlertStream stream = new AlertStream(3);
        Map<String, String> detectorSettings = new java.util.HashMap<>(stream.settings);
        detectorSettings.putAll(AppProcess.fastGroupTimings());
        detectorSettings.put(BP_ALERTS_ENABLED.property(), "false");
        AppProcess detector = AppProcess.start("engines-detector", detectorSettings).awaitStarted(Duration.ofSeconds(60));
        List<AppProcess> engines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, String> engineSettings = RunningApp.withOwnPorts(stream.settings);
            engineSettings.putAll(AppProcess.fastGroupTimings());
            engineSettings.put(BP_ROUTES.property(), "alerts");
            engines.add(AppProcess.start("engine-" + i, engineSettings));
        }
        engines.forEach(engine -> engine.awaitStarted(Duration.ofSeconds(60)));
        List<Reading> probes = new ArrayList<>();
        try (PacedProducer producer = PacedProducer.start(stream.records(readings), 100)) {
            for (int kill = 1; kill <= 2; kill++) {
                long threshold = anomalies() * kill / 3;
                Poll.until(Duration.ofSeconds(90),
                        () -> Anomalies.count(stream.settings.get(BP_INDEX.property())) >= threshold,
                        threshold + " anomalies indexed before kill " + kill);
                long killedAt = System.nanoTime();
                engines.get(kill - 1).kill();
                List<Reading> crises = crisisOnEveryPartition(kill, 3);
                probes.addAll(crises);
                KafkaTestClient.send(stream.topic(), stream.records(crises));
                Set<String> ids = crises.stream().map(probe -> Alert.idOf(probe.patientId(), AlertKind.CRISIS,
                        probe.id())).collect(Collectors.toSet());
                stream.awaitOpened(ids, Duration.ofSeconds(60));
                Duration sinceKill = Duration.ofNanos(System.nanoTime() - killedAt);
                LOG.info("Kill {}: a crisis on every partition on bp-alerts {} ms after the kill", kill,
                        sinceKill.toMillis());
                assertThat(sinceKill).as("events resume after kill " + kill).isLessThanOrEqualTo(Duration.ofSeconds(15));
            }
            producer.awaitAllAcknowledged(Duration.ofSeconds(90));
            List<Reading> all = new ArrayList<>(readings);
            all.addAll(probes);
            assertExactlyTheExpectedAlerts(stream, all);

            // a new detector group publishes every reading again: the engine counts each Observation once
            detector.close();
            detectorSettings.put(BP_GROUP_ID.property(), detectorSettings.get(BP_GROUP_ID.property()) + "-again");
            detector = AppProcess.start("engines-detector-again", detectorSettings).awaitStarted(Duration.ofSeconds(60));
            String readingsTopic = stream.settings.get(BP_READINGS_TOPIC.property());
            // its readings go out in the transactions that commit its offsets
            Poll.until(Duration.ofSeconds(60), () -> GroupOffsets.lag(detectorSettings.get(BP_GROUP_ID.property()),
                    stream.topic()) == 0, "the history published again");
            Poll.until(Duration.ofSeconds(60),
                    () -> GroupOffsets.lag(stream.settings.get(BP_ALERT_APPLICATION_ID.property()), readingsTopic) == 0,
                    "the surviving engine read it all");
            assertExactlyTheExpectedAlerts(stream, all);
            assertThat(engines.get(2).isAlive()).isTrue();
        } finally {
            detector.close();
            engines.forEach(AppProcess::close);
        }
    }

    /** A crisis reading of a new patient on every partition, taken after the whole stream (so it stays open). */
    private List<Reading> crisisOnEveryPartition(int kill, int partitions) {
        List<Reading> crises = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            for (int n = 0; ; n++) {
                String patient = "probe-" + kill + "-" + n;
                if (PreviousReleaseAlerts.partitionOf(patient, partitions) == partition) {
                    crises.add(new Reading(patient, patient + "-crisis", 2 * 200 + 700 + kill, 205, 125));
                    break;
                }
            }
        }
        return crises;
    }

    @Test
    void elasticsearchDownFor20SecondsMidEpisode() throws Exception {
        AlertStream stream = new AlertStream(2);
        AppProcess detector = AppProcess.start("alerts-es-outage", stream.settings).awaitStarted(Duration.ofSeconds(60));
        try (PacedProducer producer = PacedProducer.start(stream.records(readings), 100)) {
            long threshold = anomalies() / 3;
            Poll.until(Duration.ofSeconds(90),
                    () -> Anomalies.count(stream.settings.get(BP_INDEX.property())) >= threshold,
                    threshold + " anomalies indexed before the outage");
            long outageStart = System.nanoTime();
            SharedStack.stopElasticsearch();
            try {
                Poll.until(Duration.ofSeconds(60), () -> System.nanoTime() - outageStart >= 20_000_000_000L,
                        "20 s of outage");
            } finally {
                SharedStack.startElasticsearch();
            }
            producer.awaitAllAcknowledged(Duration.ofSeconds(90));
            assertExactlyTheExpectedAlerts(stream);
        } finally {
            detector.close();
        }
    }

    private long anomalies() {
        return readings.stream().filter(Reading::anomaly).count();
    }

    private void assertExactlyTheExpectedAlerts(AlertStream stream) throws Exception {
        assertExactlyTheExpectedAlerts(stream, readings);
    }

    private void assertExactlyTheExpectedAlerts(AlertStream stream, List<Reading> sent) throws Exception {
        Expected expected = AlertStream.expected(sent, DEFAULT_RULES);
        assertThat(expected.alerts()).as("the stream has episodes of both kinds").hasSizeGreaterThan(20);
        stream.awaitAlertDocuments(expected.alerts(), Duration.ofSeconds(120));
        Map<String, List<JsonNode>> events = AlertStream.byEventKey(
                stream.alertEvents(expected.events().size(), Duration.ofSeconds(60)));
        assertThat(events.keySet()).as("every event, none missing, none extra").isEqualTo(expected.events().keySet());
        events.forEach((key, copies) -> assertThat(copies.get(0)).as(key).isEqualTo(expected.events().get(key)));
        long duplicates = events.values().stream().mapToLong(copies -> copies.size() - 1).sum();
        LOG.info("{} alerts, {} events on the topic, {} duplicate copies", expected.alerts().size(),
                expected.events().size(), duplicates);
        // the events go out in the engine's Kafka transactions (exactly_once_v2): a read_committed reader sees each once
        assertThat(duplicates).as("repeated copies on bp-alerts (read_committed), by event key: %s",
                events.entrySet().stream().filter(event -> event.getValue().size() > 1)
                        .map(event -> event.getKey() + " x" + event.getValue().size()).toList()).isZero();
    }
}
