package io.bpmonitor.deadletter;

import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_MAX_MESSAGE_BYTES;
import static io.bpmonitor.config.Setting.BP_REPLAY_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_REPLAY_REASON;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_URL;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.ExpectedAnomalies;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.IsolatedRun;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.PoisonCorpus.Poison;
import io.bpmonitor.testing.PoisonCorpus;
import io.bpmonitor.testing.RunningApp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The operator's procedure of docs/operations.md on the packaged app, real Kafka and Elasticsearch: the poison corpus
 * goes through a detector whose BP_MAX_MESSAGE_BYTES is too small for a gateway that sends notes with its readings;
 * the operator raises it, restarts the detector and replays the dead letters whose reason says "oversized". Their
 * anomalies are then indexed exactly once; every other dead letter is passed over and stays on the dead-letter topic;
 * a second run of the same replay finds nothing to do.
 */
class ReplayIT {

    private static final int TOO_SMALL = 16_384;
    private static final int RAISED = 65_536;
    private static final Duration STEP = Duration.ofSeconds(120);

    @Test
    void replayingOneKindAfterItsFixIndexesItsAnomaliesOnceAndLeavesTheRestAlone() throws Exception {
        IsolatedRun run = IsolatedRun.forPoisonCorpus(TOO_SMALL);

        List<Sent> good = KnownReadings.generate(300, 15_015);
        List<Sent> anomalies = good.stream().filter(Sent::isAnomaly).toList();
        List<Poison> poison = new ArrayList<>(PoisonCorpus.of(anomalies.get(0), TOO_SMALL));
        // more readings with a long note: anomalies that must appear once replayed, and one normal reading
        Map<String, Sent> oversizedReadings = new HashMap<>();
        List<Sent> bases = new ArrayList<>(anomalies.subList(1, 5));
        bases.add(good.stream().filter(reading -> !reading.isAnomaly()).findFirst().orElseThrow());
        for (Sent base : bases) {
            poison.add(PoisonCorpus.of(base, TOO_SMALL).stream().filter(p -> p.kind().equals("oversized")).findFirst()
                    .orElseThrow());
        }
        bases.add(anomalies.get(0));
        for (Sent base : bases) {
            String id = PoisonCorpus.idOf("oversized", base);
            oversizedReadings.put(id, new Sent(id, base.patientId(), base.systolic(), base.diastolic(), null));
        }
        List<Poison> oversized = poison.stream().filter(p -> p.kind().equals("oversized")).toList();
        assertThat(oversized).hasSize(6);

        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            records.add(good.get(i).record(run.topic()));
            if (i % 8 == 7 && i / 8 < poison.size()) {
                records.add(poison.get(i / 8).record(run.topic()));
            }
        }
        assertThat(records).hasSize(good.size() + poison.size());
        KafkaTestClient.send(run.topic(), records);

        // 1. the detector as configured: the corpus dead-lettered, the good anomalies indexed
        try (AppProcess detector = AppProcess.start("replay-detector-small", run.settings())) {
            ExpectedAnomalies.of(good).awaitExactlyIn(run.index(), run.group(), run.topic(), STEP);
            detector.terminate(Duration.ofSeconds(60));
        }
        List<ConsumerRecord<String, byte[]>> deadLetters = KafkaTestClient.readCommitted(run.dlqTopic(), STEP);
        assertThat(deadLetters).hasSize(poison.size());
        long topicBefore = GroupOffsets.recordCount(run.topic());
        Map<TopicPartition, Long> topicEndsBefore = GroupOffsets.endOffsets(run.topic());

        // 2. the fix: a larger limit, the detector restarted with it
        run.settings().put(BP_MAX_MESSAGE_BYTES.property(), String.valueOf(RAISED));
        try (AppProcess detector = AppProcess.start("replay-detector-raised", run.settings())) {
            // 3. the replay of that kind only, which ends by itself
            Map<String, String> replay = replaySettings(run.settings(), "Oversized message");
            AppProcess replaying = AppProcess.start("replay", replay);
            assertThat(replaying.awaitExit(STEP)).as("the replay ends by itself, cleanly:\n" + replaying.tail(30))
                    .isZero();
            assertThat(replaying.countLines("Replay of " + run.dlqTopic() + " done: replayed 6, skipped "
                    + (poison.size() - 6))).as(replaying.tail(30)).isEqualTo(1);
            assertThat(replaying.logText()).as("no payload in the log").doesNotContain("resourceType", "xxxxxxxx");

            List<Sent> expected = new ArrayList<>(good);
            expected.addAll(oversizedReadings.values());
            ExpectedAnomalies.of(expected).awaitExactlyIn(run.index(), run.group(), run.topic(), STEP);
            assertThat(ExpectedAnomalies.of(expected).size()).isEqualTo(ExpectedAnomalies.of(good).size() + 5);

            // each oversized record went back once, as first sent
            assertThat(GroupOffsets.recordCount(run.topic())).isEqualTo(topicBefore + oversized.size());
            Map<String, Poison> sentByValue = oversized.stream().collect(Collectors.toMap(
                    p -> new String(p.value(), StandardCharsets.UTF_8), p -> p));
            List<ConsumerRecord<String, byte[]>> copies = KafkaTestClient.readCommitted(run.topic(), STEP).stream()
                    .filter(record -> record.offset()
                            >= topicEndsBefore.get(new TopicPartition(run.topic(), record.partition())))
                    .toList();
            assertThat(copies).hasSize(oversized.size());
            for (ConsumerRecord<String, byte[]> copy : copies) {
                Poison original = sentByValue.remove(new String(copy.value(), StandardCharsets.UTF_8));
                assertThat(original).as("a copy of an oversized dead letter, its bytes unchanged").isNotNull();
                assertThat(copy.key()).isEqualTo(original.key());
                assertThat(header(copy, PoisonCorpus.KIND_HEADER)).isEqualTo("oversized");
                assertThat(header(copy, PoisonCorpus.GATEWAY_HEADER)).isEqualTo("gateway-" + "oversized".length());
                for (Header header : copy.headers()) {
                    assertThat(header.key()).as("no dead-letter header on the copy").doesNotStartWith("dlq.");
                }
            }

            // the rest left alone: nothing else replayed, nothing dead-lettered again
            assertThat(KafkaTestClient.readCommitted(run.dlqTopic(), STEP)).hasSize(poison.size());

            // 4. the same replay again: its group has passed everything
            AppProcess again = AppProcess.start("replay-again", replay);
            assertThat(again.awaitExit(STEP)).as(again.tail(30)).isZero();
            assertThat(again.countLines("nothing to replay")).as(again.tail(30)).isEqualTo(1);
            assertThat(GroupOffsets.recordCount(run.topic())).isEqualTo(topicBefore + oversized.size());
            assertThat(detector.isAlive()).isTrue();
        }
    }

    private static Map<String, String> replaySettings(Map<String, String> detector, String reason) {
        Map<String, String> replay = RunningApp.withOwnPorts(detector);
        replay.put(BP_ROUTES.property(), "replay");
        replay.put(BP_REPLAY_REASON.property(), reason);
        replay.put(BP_REPLAY_GROUP_ID.property(), detector.get(BP_GROUP_ID.property()) + "-replay");
        // the replay needs no Elasticsearch: without it, no board and no HTTP server
        replay.remove(ELASTICSEARCH_URL.property());
        return replay;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
