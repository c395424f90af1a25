package io.bpmonitor.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.PacedProducer;
import io.bpmonitor.testing.Poll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale-out setup: two detector processes in one consumer group sharing a four-partition topic. One is
 * SIGKILLed mid-stream; the survivor is given its partitions and finishes the stream: exactly the expected anomalies.
 */
class ScaleOutFailoverIT {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleOutFailoverIT.class);
    private static final int PARTITIONS = 4;

    @Test
    void survivorTakesOverTheKilledDetectorsPartitions() throws Exception {
        Map<String, String> timings = new java.util.HashMap<>(AppProcess.fastGroupTimings());
        // one consumer thread per detector process, so each group member is one process
        timings.put("bp.detector.consumers", "1");
        KnownStream stream = KnownStream.prepare(timings, PARTITIONS, 7_007);
        String index = stream.index();
        String group = stream.group();
        int anomalies = stream.expected().size();

        try (AppProcess doomed = AppProcess.start("scale-out-a", stream.settings());
             AppProcess survivor = AppProcess.start("scale-out-b", stream.settings());
             PacedProducer producer = stream.produce(250)) {
            Poll.until(Duration.ofSeconds(90), () -> {
                Map<String, Set<Integer>> assignments = GroupOffsets.assignments(group);
                return assignments.size() == 2 && assignments.values().stream().noneMatch(Set::isEmpty)
                        && Anomalies.count(index) >= anomalies / 5;
            }, "both detectors consuming, a fifth of the anomalies indexed");
            LOG.info("Before the kill: {}", GroupOffsets.assignments(group));
            assertThat(Anomalies.count(index)).as("kill mid-stream").isLessThan(anomalies);

            doomed.kill();

            Poll.until(Duration.ofSeconds(60), () -> {
                Map<String, Set<Integer>> assignments = GroupOffsets.assignments(group);
                return assignments.size() == 1 && assignments.values().iterator().next().size() == PARTITIONS;
            }, "the survivor owning all " + PARTITIONS + " partitions");
            LOG.info("After the kill: {}", GroupOffsets.assignments(group));

            producer.awaitAllAcknowledged(Duration.ofSeconds(60));
            stream.awaitExactlyTheExpectedAnomalies();
            assertThat(survivor.isAlive()).isTrue();
        }
    }
}
