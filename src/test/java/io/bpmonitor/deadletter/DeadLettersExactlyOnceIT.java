package io.bpmonitor.deadletter;

import static io.bpmonitor.config.Setting.BP_RETRY_INITIAL_DELAY_MS;
import static io.bpmonitor.config.Setting.BP_RETRY_MAX_DELAY_MS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.ExpectedAnomalies;
import io.bpmonitor.testing.IsolatedRun;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.PacedProducer;
import io.bpmonitor.testing.PoisonCorpus.Poison;
import io.bpmonitor.testing.PoisonCorpus;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.SettingMap;
import io.bpmonitor.testing.SharedStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 300 malformed readings among 40,000, the detector SIGKILLed twice mid-stream and Elasticsearch stopped for 20 s:
 * each malformed record is on the dead-letter topic exactly once (read {@code read_committed}), with its origin, and
 * the index holds exactly the expected anomalies. Dead letters and the poll's offsets are one Kafka transaction, so a
 * kill between publishing and committing leaves neither, and the re-read poll publishes them once.
 */
class DeadLettersExactlyOnceIT {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLettersExactlyOnceIT.class);
    private static final int READINGS = 40_000;
    private static final int MALFORMED = 300;

    @Test
    void everyMalformedReadingIsDeadLetteredOnceThroughKillsAndAnElasticsearchOutage() throws Exception {
        Map<String, String> timings = new HashMap<>(AppProcess.fastGroupTimings());
        timings.putAll(SettingMap.of(BP_RETRY_INITIAL_DELAY_MS, "200", BP_RETRY_MAX_DELAY_MS, "2000"));
        IsolatedRun run = IsolatedRun.withTopic(2, timings);

        List<Sent> good = KnownReadings.generate(READINGS - MALFORMED, 4_004);
        List<Poison> kinds = PoisonCorpus.of(good.get(0), 65_536);
        // one malformed record after every 132 good ones, the corpus's kinds in turn
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(READINGS);
        Map<Integer, Poison> malformedAt = new HashMap<>();
        int malformed = 0;
        for (int i = 0; i < good.size(); i++) {
            records.add(good.get(i).record(run.topic()));
            if (i % 132 == 131 && malformed < MALFORMED) {
                Poison bad = kinds.get(malformed++ % kinds.size());
                malformedAt.put(records.size(), bad);
                records.add(bad.record(run.topic()));
            }
        }
        assertThat(malformedAt).hasSize(MALFORMED);
        ExpectedAnomalies expected = ExpectedAnomalies.of(good);

        AppProcess detector = AppProcess.start("dlq-once-0", run.settings()).awaitStarted(Duration.ofSeconds(60));
        try (PacedProducer producer = PacedProducer.start(records, 1_500)) {
            try {
                detector = killAndRestart(detector, run, expected.size() * 20 / 100, 1);
                awaitIndexed(run.index(), expected.size() * 45 / 100);
                SharedStack.stopElasticsearch();
                try {
                    long outageStart = System.nanoTime();
                    AppProcess waiting = detector;
                    Poll.until(Duration.ofSeconds(60), () -> System.nanoTime() - outageStart >= 20_000_000_000L
                            && waiting.countLines("On delivery attempt:") > 0, "20 s of outage, the detector retrying");
                } finally {
                    SharedStack.startElasticsearch();
                }
                detector = killAndRestart(detector, run, expected.size() * 70 / 100, 2);

                producer.awaitAllAcknowledged(Duration.ofSeconds(120));
                expected.awaitExactlyIn(run.index(), run.group(), run.topic(), Duration.ofSeconds(180));

                List<ConsumerRecord<String, byte[]>> deadLetters =
                        KafkaTestClient.readCommitted(run.dlqTopic(), Duration.ofSeconds(60));
                LOG.info("{} dead letters on {} (read_committed) for {} malformed readings", deadLetters.size(),
                        run.dlqTopic(), MALFORMED);
                Map<String, ConsumerRecord<String, byte[]>> byOrigin = new HashMap<>();
                for (ConsumerRecord<String, byte[]> deadLetter : deadLetters) {
                    String origin = header(deadLetter, "dlq.source.partition") + "@"
                            + header(deadLetter, "dlq.source.offset");
                    assertThat(byOrigin.put(origin, deadLetter)).as("dead letter of " + origin + " once").isNull();
                }
                for (Map.Entry<Integer, Poison> sent : malformedAt.entrySet()) {
                    RecordMetadata landed = producer.metadata(sent.getKey());
                    ConsumerRecord<String, byte[]> deadLetter = byOrigin.get(landed.partition() + "@" + landed.offset());
                    Poison bad = sent.getValue();
                    assertThat(deadLetter).as("dead letter of " + bad.kind() + " at " + landed).isNotNull();
                    assertThat(deadLetter.key()).isEqualTo(bad.key());
                    assertThat(deadLetter.value()).isEqualTo(bad.value() == null ? new byte[0] : bad.value());
                    assertThat(header(deadLetter, PoisonCorpus.KIND_HEADER)).isEqualTo(bad.kind());
                }
                assertThat(deadLetters).as("exactly one dead letter per malformed reading").hasSize(MALFORMED);
            } finally {
                detector.close();
            }
        }
    }

    private static void awaitIndexed(String index, long threshold) {
        Poll.until(Duration.ofSeconds(120), () -> Anomalies.count(index) >= threshold, threshold + " anomalies indexed");
    }

    private static AppProcess killAndRestart(AppProcess detector, IsolatedRun run, long threshold, int kill)
            throws Exception {
        awaitIndexed(run.index(), threshold);
        detector.kill();
        LOG.info("SIGKILL {}: {} anomalies indexed, {} dead letters committed", kill, Anomalies.count(run.index()),
                KafkaTestClient.readCommitted(run.dlqTopic(), Duration.ofSeconds(30)).size());
        return AppProcess.start("dlq-once-" + kill, run.settings());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
