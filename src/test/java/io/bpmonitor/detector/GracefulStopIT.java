package io.bpmonitor.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.PacedProducer;
import io.bpmonitor.testing.Poll;
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
        KnownStream stream = KnownStream.prepare(AppProcess.fastGroupTimings(), 2, 6_006);
        String topic = stream.topic();
        String index = stream.index();
        List<Sent> readings = stream.readings();
        int anomalies = stream.expected().size();

        AppProcess first = AppProcess.start("sigterm-first", stream.settings()).awaitStarted(Duration.ofSeconds(60));
        try (PacedProducer producer = stream.produce(250)) {
            try {
                Poll.until(Duration.ofSeconds(90), () -> Anomalies.count(index) >= anomalies / 3,
                        "a third of the anomalies indexed before SIGTERM");
                assertThat(Anomalies.count(index)).as("SIGTERM mid-stream").isLessThan(anomalies);
                long started = System.nanoTime();
                int exitCode = first.terminate(Duration.ofSeconds(60));
                LOG.info("SIGTERM: exit code {} after {} ms", exitCode, (System.nanoTime() - started) / 1_000_000);
                assertThat(first.logText()).as("graceful Camel shutdown").contains("(bp-monitor) shutdown");
                // a rebalance while the two consumer threads join may rewind a batch at start; the stop must not
                String log = first.logText();
                assertThat(log.substring(log.indexOf("JVM shutdown hook triggered"))).as("no batch given up at the stop")
                        .doesNotContain("rewound").doesNotContain("Request execution cancelled");
            } finally {
                first.close();
            }

            // every anomaly the stopped detector indexed is covered by a committed offset: nothing indexed is
            // left uncommitted, so the batch in flight was finished and committed, not abandoned
            Map<TopicPartition, Long> committed = GroupOffsets.committed(stream.group(), topic);
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

            try (AppProcess second = AppProcess.start("sigterm-second", stream.settings())) {
                producer.awaitAllAcknowledged(Duration.ofSeconds(60));
                stream.awaitExactlyTheExpectedAnomalies();
            }
        }
    }
}
