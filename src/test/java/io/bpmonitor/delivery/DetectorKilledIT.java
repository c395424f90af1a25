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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector as a real process, SIGKILLed three times in the middle of a stream and started again each time: no
 * shutdown hook, no last commit. Offsets are committed only after Elasticsearch acknowledged the batch, so each
 * restart re-reads what the killed one had not committed, and indexing by Observation id absorbs the replay.
 */
class DetectorKilledIT {

    private static final Logger LOG = LoggerFactory.getLogger(DetectorKilledIT.class);

    @Test
    void sigkillThreeTimesMidStreamLeavesExactlyTheExpectedAnomalies() throws Exception {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.putAll(AppProcess.fastGroupTimings());
        settings.put("bp.detector.max-poll-records", "200");
        String topic = settings.get("bp.topic");
        String index = settings.get("bp.index");
        String group = settings.get("bp.group-id");
        SharedStack.createTopic(topic, 2);
        List<Sent> readings = KnownReadings.generate(3_000, 1_001);
        ExpectedAnomalies expected = ExpectedAnomalies.of(readings);

        AppProcess detector = AppProcess.start("killed-0", settings).awaitStarted(Duration.ofSeconds(60));
        try (PacedProducer producer = PacedProducer.start(KnownReadings.records(topic, readings), 300)) {
            try {
                for (int kill = 1; kill <= 3; kill++) {
                    long threshold = (long) expected.size() * (kill * 20 - 5) / 100;
                    Poll.until(Duration.ofSeconds(90), () -> Anomalies.count(index) >= threshold,
                            threshold + " anomalies indexed before kill " + kill);
                    detector.kill();
                    long indexed = Anomalies.count(index);
                    long lag = GroupOffsets.lag(group, topic);
                    LOG.info("SIGKILL {}: {} of {} anomalies indexed, {} of {} readings sent, lag {}", kill, indexed,
                            expected.size(), producer.acknowledged(), readings.size(), lag);
                    assertThat(indexed).as("killed mid-stream").isLessThan(expected.size());
                    detector = AppProcess.start("killed-" + kill, settings);
                }
                producer.awaitAllAcknowledged(Duration.ofSeconds(60));
                expected.awaitExactlyIn(index, group, topic, Duration.ofSeconds(120));
                assertThat(detector.isAlive()).isTrue();
            } finally {
                detector.close();
            }
        }
    }
}
