package io.bpmonitor.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.ExpectedAnomalies;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.PacedProducer;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker restarted in the middle of a stream: the detector's commit fails while the broker is away and is
 * retried with the bulk (idempotent), its consumer reconnects, and the index ends with exactly the expected
 * anomalies.
 */
class KafkaRestartIT {

    @Test
    void brokerRestartMidStreamLeavesExactlyTheExpectedAnomalies() throws Exception {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.put("bp.detector.max-poll-records", "200");
        String topic = settings.get("bp.topic");
        String index = settings.get("bp.index");
        String group = settings.get("bp.group-id");
        SharedStack.createTopic(topic, 2);
        List<Sent> readings = KnownReadings.generate(3_000, 4_004);
        ExpectedAnomalies expected = ExpectedAnomalies.of(readings);

        try (AppProcess detector = AppProcess.start("kafka-restart", settings).awaitStarted(Duration.ofSeconds(60));
             PacedProducer producer = PacedProducer.start(KnownReadings.records(topic, readings), 250)) {
            Poll.until(Duration.ofSeconds(90), () -> Anomalies.count(index) >= expected.size() / 4,
                    "a quarter of the anomalies indexed before the restart");
            assertThat(Anomalies.count(index)).as("restart mid-stream").isLessThan(expected.size());
            SharedStack.restartKafka();

            producer.awaitAllAcknowledged(Duration.ofSeconds(120));
            expected.awaitExactlyIn(index, group, topic, Duration.ofSeconds(120));
            assertThat(GroupOffsets.recordCount(settings.get("bp.dlq-topic"))).as("dead letters").isZero();
            assertThat(detector.isAlive()).isTrue();
        }
    }
}
