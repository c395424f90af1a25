package io.bpmonitor.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmonitor.alerting.AlertStream.Expected;
import io.bpmonitor.alerting.AlertStream.Reading;
import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.PacedProducer;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults of issue 14 on the packaged detector, real Kafka and Elasticsearch, with a seeded stream of 12 patients
 * whose episodes open, grow and resolve: after each fault, {@code bp_alerts} holds exactly the alerts the rules give
 * (value by value) and {@code bp-alerts}, read {@code read_committed}, has every open and resolve event exactly once.
 */
class AlertsFaultsIT {

    private static final Logger LOG = LoggerFactory.getLogger(AlertsFaultsIT.class);
    private static final AlertRules DEFAULT_RULES =
            new AlertRules(3, Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofSeconds(10));

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
                Poll.until(Duration.ofSeconds(90), () -> Anomalies.count(stream.settings.get("bp.index")) >= threshold,
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

    @Test
    void twoDetectorsShareTheGroupAndOneDies() throws Exception {
        AlertStream stream = new AlertStream(2);
        Map<String, String> settings = new java.util.HashMap<>(stream.settings);
        settings.putAll(AppProcess.fastGroupTimings());
        AppProcess first = AppProcess.start("alerts-first", settings).awaitStarted(Duration.ofSeconds(60));
        AppProcess second = AppProcess.start("alerts-second", RunningApp.withOwnPorts(settings))
                .awaitStarted(Duration.ofSeconds(60));
        try (PacedProducer producer = PacedProducer.start(stream.records(readings), 100)) {
            long threshold = anomalies() / 2;
            Poll.until(Duration.ofSeconds(90), () -> Anomalies.count(stream.settings.get("bp.index")) >= threshold,
                    threshold + " anomalies indexed before the kill");
            first.kill();
            producer.awaitAllAcknowledged(Duration.ofSeconds(90));
            assertExactlyTheExpectedAlerts(stream);
            assertThat(second.isAlive()).isTrue();
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void elasticsearchDownFor20SecondsMidEpisode() throws Exception {
        AlertStream stream = new AlertStream(2);
        AppProcess detector = AppProcess.start("alerts-es-outage", stream.settings).awaitStarted(Duration.ofSeconds(60));
        try (PacedProducer producer = PacedProducer.start(stream.records(readings), 100)) {
            long threshold = anomalies() / 3;
            Poll.until(Duration.ofSeconds(90), () -> Anomalies.count(stream.settings.get("bp.index")) >= threshold,
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
        Expected expected = AlertStream.expected(readings, DEFAULT_RULES);
        assertThat(expected.alerts()).as("the stream has episodes of both kinds").hasSizeGreaterThan(20);
        stream.awaitAlertDocuments(expected.alerts(), Duration.ofSeconds(120));
        Map<String, List<JsonNode>> events = AlertStream.byEventKey(
                stream.alertEvents(expected.events().size(), Duration.ofSeconds(60)));
        assertThat(events.keySet()).as("every event, none missing, none extra").isEqualTo(expected.events().keySet());
        events.forEach((key, copies) -> assertThat(copies.get(0)).as(key).isEqualTo(expected.events().get(key)));
        long duplicates = events.values().stream().mapToLong(copies -> copies.size() - 1).sum();
        LOG.info("{} alerts, {} events on the topic, {} duplicate copies", expected.alerts().size(),
                expected.events().size(), duplicates);
        // the events go out in the poll's Kafka transaction: a read_committed reader sees each exactly once
        assertThat(duplicates).as("repeated copies on bp-alerts (read_committed), by event key: %s",
                events.entrySet().stream().filter(event -> event.getValue().size() > 1)
                        .map(event -> event.getKey() + " x" + event.getValue().size()).toList()).isZero();
    }
}
