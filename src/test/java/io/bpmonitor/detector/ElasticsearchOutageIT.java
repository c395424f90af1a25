package io.bpmonitor.detector;

import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_RETRY_INITIAL_DELAY_MS;
import static io.bpmonitor.config.Setting.BP_RETRY_MAX_DELAY_MS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.PacedProducer;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.SharedStack;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elasticsearch stopped for more than 20 s in the middle of a stream: the detector backs off (capped exponential
 * delay, so a bounded number of attempts), commits nothing, dead-letters nothing, and carries on by itself once the
 * node is back, leaving exactly the expected anomalies. The outage outlasts {@code max.poll.interval.ms}, so the
 * consumer also loses its partitions mid-retry and has to rejoin: that rebalance loses nothing either.
 */
class ElasticsearchOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchOutageIT.class);
    /** Camel's redelivery log line, one per retry of the bulk + dead letters + commit step. */
    private static final String RETRY_LINE = "On delivery attempt:";
    private static final long INITIAL_DELAY_MS = 200;
    private static final long MAX_DELAY_MS = 2_000;
    private static final long MAX_POLL_INTERVAL_MS = 10_000;

    @Test
    void detectorWaitsOutAnElasticsearchOutageWithoutLossSpinOrDeadLetters() throws Exception {
        KnownStream stream = KnownStream.prepare(Map.of(
                BP_RETRY_INITIAL_DELAY_MS.property(), String.valueOf(INITIAL_DELAY_MS),
                BP_RETRY_MAX_DELAY_MS.property(), String.valueOf(MAX_DELAY_MS),
                // the outage outlasts max.poll.interval.ms: the consumer is evicted from its group mid-retry and must
                // survive that rebalance without loss (in production the interval is 5 min, the same path)
                "camel.component.kafka.max-poll-interval-ms", String.valueOf(MAX_POLL_INTERVAL_MS)), 2, 3_003);
        String topic = stream.topic();
        String index = stream.index();
        String group = stream.group();
        int anomalies = stream.expected().size();

        try (AppProcess detector = AppProcess.start("es-outage", stream.settings()).awaitStarted(Duration.ofSeconds(60));
             PacedProducer producer = stream.produce(200)) {
            Poll.until(Duration.ofSeconds(90), () -> Anomalies.count(index) >= anomalies / 10,
                    "a tenth of the anomalies indexed before the outage");
            long outageStart = System.nanoTime();
            assertThat(Anomalies.count(index)).as("outage mid-stream").isLessThan(anomalies);
            long retriesAtOutage = detector.countLines(RETRY_LINE);
            SharedStack.stopElasticsearch();
            try {
                // once the detector is retrying, the batch in flight holds the consumer thread: nothing is committed
                Poll.until(Duration.ofSeconds(60), () -> detector.countLines(RETRY_LINE) > retriesAtOutage,
                        "the detector retrying against the stopped node");
                Map<TopicPartition, Long> committedDuringOutage = GroupOffsets.committed(group, topic);
                // the outage lasts at least 20 s, and long enough to see the back-off at its cap
                Poll.until(Duration.ofSeconds(60), () -> System.nanoTime() - outageStart >= 20_000_000_000L
                        && detector.countLines(RETRY_LINE) - retriesAtOutage >= 5, "20 s of outage, retries seen");
                assertThat(GroupOffsets.committed(group, topic)).as("nothing committed while Elasticsearch is down")
                        .isEqualTo(committedDuringOutage);
            } finally {
                SharedStack.startElasticsearch();
            }
            double outageSeconds = (System.nanoTime() - outageStart) / 1e9;
            long retries = mostRetriesOfOnePoll(detector, retriesAtOutage);
            LOG.info("Elasticsearch down {} s; the detector retried {} times (in all), at most {} times one poll",
                    String.format("%.1f", outageSeconds), detector.countLines(RETRY_LINE) - retriesAtOutage, retries);
            // each consumer thread retries its own poll; a capped back-off allows it ~log2(max/initial) quick attempts,
            // then one per max delay; a spin is thousands
            long bound = 2 + Math.round(Math.log((double) MAX_DELAY_MS / INITIAL_DELAY_MS) / Math.log(2))
                    + Math.round(outageSeconds * 1000 / MAX_DELAY_MS) + 5;
            assertThat(retries).as("retries in %.0f s of outage (no spin)", outageSeconds).isBetween(3L, bound);

            producer.awaitAllAcknowledged(Duration.ofSeconds(60));
            stream.awaitExactlyTheExpectedAnomalies();
            assertThat(GroupOffsets.recordCount(stream.settings().get(BP_DLQ_TOPIC.property()))).as("dead letters")
                    .isZero();
            assertThat(detector.isAlive()).as("resumed by itself, never stopped").isTrue();
            assertThat(detector.logText()).as("the consumer was evicted for exceeding max.poll.interval.ms")
                    .contains("poll timeout has expired");
        }
    }

    /** The retries of the poll retried most, among the retry lines after the first {@code skipped}. */
    private static long mostRetriesOfOnePoll(AppProcess detector, long skipped) {
        java.util.regex.Pattern exchange = java.util.regex.Pattern.compile("ExchangeId: ([^)]+)\\)");
        Map<String, Long> byPoll = new java.util.HashMap<>();
        detector.logText().lines().filter(line -> line.contains(RETRY_LINE)).skip(skipped).forEach(line -> {
            java.util.regex.Matcher id = exchange.matcher(line);
            byPoll.merge(id.find() ? id.group(1) : line, 1L, Long::sum);
        });
        return byPoll.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
