package io.bpmonitor.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM in the middle of a stream: Camel stops gracefully, the batch in flight is indexed and committed (no
 * anomaly in the index sits above its partition's committed offset), and a restarted detector finishes the stream
 * with exactly the expected anomalies.
 */
class GracefulStopIT {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStopIT.class);

    @Test
    void sigtermCommitsTheBatchInFlightAndARestartCompletesTheStream() throws Exception {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.putAll(AppProcess.fastGroupTimings());
        settings.put("bp.detector.max-poll-records", "200");
        String topic = settings.get("bp.topic");
        String index = settings.get("bp.index");
        String group = settings.get("bp.group-id");
        SharedStack.createTopic(topic, 2);
        List<Sent> readings = KnownReadings.generate(3_000, 6_006);
        ExpectedAnomalies expected = ExpectedAnomalies.of(readings);

        AppProcess first = AppProcess.start("sigterm-first", settings).awaitStarted(Duration.ofSeconds(60));
        try (PacedProducer producer = PacedProducer.start(KnownReadings.records(topic, readings), 250)) {
            try {
                Poll.until(Duration.ofSeconds(90), () -> Anomalies.count(index) >= expected.size() / 3,
                        "a third of the anomalies indexed before SIGTERM");
                assertThat(Anomalies.count(index)).as("SIGTERM mid-stream").isLessThan(expected.size());
                long started = System.nanoTime();
                int exitCode = first.terminate(Duration.ofSeconds(60));
                LOG.info("SIGTERM: exit code {} after {} ms", exitCode, (System.nanoTime() - started) / 1_000_000);
                assertThat(first.logText()).as("graceful Camel shutdown").contains("(bp-monitor) shutdown");
                assertThat(first.logText()).as("no batch given up").doesNotContain("rewound");
            } finally {
                first.close();
            }

            // every anomaly the stopped detector indexed is covered by a committed offset: nothing indexed is
            // left uncommitted, so the batch in flight was finished and committed, not abandoned
            Map<TopicPartition, Long> committed = GroupOffsets.committed(group, topic);
            Map<String, RecordMetadata> landed = new HashMap<>();
            for (int i = 0; i < readings.size(); i++) {
                if (producer.metadata(i) != null) {
                    landed.put(readings.get(i).id(), producer.metadata(i));
                }
            }
            Map<String, JsonNode> indexed = Anomalies.all(index);
            assertThat(indexed).isNotEmpty();
            for (String id : indexed.keySet()) {
                RecordMetadata source = landed.get(id);
                assertThat(committed.getOrDefault(new TopicPartition(topic, source.partition()), 0L))
                        .as("committed offset covers indexed " + id + " at " + source.partition() + "@" + source.offset())
                        .isGreaterThan(source.offset());
            }

            try (AppProcess second = AppProcess.start("sigterm-second", settings)) {
                producer.awaitAllAcknowledged(Duration.ofSeconds(60));
                expected.awaitExactlyIn(index, group, topic, Duration.ofSeconds(120));
            }
        }
    }
}
