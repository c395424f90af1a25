package io.bpmonitor.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.PacedProducer;
import io.bpmonitor.testing.Poll;
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
        KnownStream stream = KnownStream.prepare(AppProcess.fastGroupTimings(), 2, 1_001);
        int anomalies = stream.expected().size();

        AppProcess detector = AppProcess.start("killed-0", stream.settings()).awaitStarted(Duration.ofSeconds(60));
        try (PacedProducer producer = stream.produce(150)) {
            try {
                for (int kill = 1; kill <= 3; kill++) {
                    long threshold = (long) anomalies * (kill * 20 - 5) / 100;
                    Poll.until(Duration.ofSeconds(90), () -> Anomalies.count(stream.index()) >= threshold,
                            threshold + " anomalies indexed before kill " + kill);
                    detector.kill();
                    long indexed = Anomalies.count(stream.index());
                    long lag = GroupOffsets.lag(stream.group(), stream.topic());
                    LOG.info("SIGKILL {}: {} of {} anomalies indexed, {} of {} readings sent, lag {}", kill, indexed,
                            anomalies, producer.acknowledged(), stream.readings().size(), lag);
                    assertThat(indexed).as("killed mid-stream").isLessThan(anomalies);
                    detector = AppProcess.start("killed-" + kill, stream.settings());
                }
                producer.awaitAllAcknowledged(Duration.ofSeconds(60));
                stream.awaitExactlyTheExpectedAnomalies();
                assertThat(detector.isAlive()).isTrue();
            } finally {
                detector.close();
            }
        }
    }
}
