package io.bpmonitor.detector;

import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.PacedProducer;
import io.bpmonitor.testing.Poll;
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
        KnownStream stream = KnownStream.prepare(Map.of(), 2, 4_004);
        String index = stream.index();
        int anomalies = stream.expected().size();

        try (AppProcess detector = AppProcess.start("kafka-restart", stream.settings()).awaitStarted(Duration.ofSeconds(60));
             PacedProducer producer = stream.produce(250)) {
            Poll.until(Duration.ofSeconds(90), () -> Anomalies.count(index) >= anomalies / 4,
                    "a quarter of the anomalies indexed before the restart");
            assertThat(Anomalies.count(index)).as("restart mid-stream").isLessThan(anomalies);
            SharedStack.restartKafka();

            producer.awaitAllAcknowledged(Duration.ofSeconds(120));
            stream.awaitExactlyTheExpectedAnomalies();
            assertThat(GroupOffsets.recordCount(stream.settings().get(BP_DLQ_TOPIC.property()))).as("dead letters")
                    .isZero();
            assertThat(detector.isAlive()).isTrue();
        }
    }
}
