package io.bpmonitor.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.ExpectedAnomalies;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.IsolatedRun;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.PoisonCorpus.Poison;
import io.bpmonitor.testing.PoisonCorpus;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thirty kinds of bad input interleaved with good readings: each bad record ends up in the dead-letter topic, once,
 * with its original key, bytes and headers and headers saying why and from where; every good anomaly is indexed (a
 * reading in kPa too, converted); the route keeps running.
 */
class PoisonCorpusIT {

    private static final Logger LOG = LoggerFactory.getLogger(PoisonCorpusIT.class);
    private static final int MAX_MESSAGE_BYTES = 16_384;

    /** A word each reason must contain: the dead letter says what is wrong, not just that something is. */
    static final Map<String, String> REASON_MENTIONS = Map.ofEntries(
            Map.entry("empty-record", "empty"),
            Map.entry("tombstone", "empty"),
            Map.entry("oversized", "oversized"),
            Map.entry("patient-resource", "not an observation"),
            Map.entry("other-loinc-code", "85354-9, 35094-2, 55417-0"),
            Map.entry("no-values", "neither systolic nor diastolic"),
            Map.entry("string-value", "systolic"),
            Map.entry("unit-cm-hg", "cm[hg]"),
            Map.entry("unit-mmhg-not-ucum-code", "mmhg"),
            Map.entry("unit-system-not-ucum", "ucum"),
            Map.entry("systolic-not-above-diastolic", "not above"),
            Map.entry("systolic-too-high", "plausible"),
            Map.entry("diastolic-too-low", "plausible"),
            Map.entry("no-subject", "subject"),
            Map.entry("subject-not-patient", "patient"),
            Map.entry("no-effective", "effective"),
            Map.entry("date-only-effective", "time of day"),
            Map.entry("effective-instant", "period"),
            Map.entry("status-cancelled", "cancelled"),
            Map.entry("no-id", "id"),
            Map.entry("unknown-element", "bloodpressuremood"));

    @Test
    void everyBadRecordIsDeadLetteredWithItsOriginAndEveryGoodAnomalyIndexed() throws Exception {
        IsolatedRun run = IsolatedRun.forPoisonCorpus(MAX_MESSAGE_BYTES);

        List<Sent> good = new ArrayList<>(KnownReadings.generate(600, 2_002));
        Sent kilopascal = PoisonCorpus.kilopascalReading(good.get(0));
        List<Poison> poison = PoisonCorpus.of(good.get(1), MAX_MESSAGE_BYTES);
        assertThat(poison).hasSizeGreaterThanOrEqualTo(20);
        good.add(300, kilopascal);

        // interleave: a bad record after every 15 good ones
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Map<Integer, Poison> poisonAt = new HashMap<>();
        int nextPoison = 0;
        for (int i = 0; i < good.size(); i++) {
            records.add(good.get(i).record(run.topic()));
            if (i % 15 == 14 && nextPoison < poison.size()) {
                poisonAt.put(records.size(), poison.get(nextPoison));
                records.add(poison.get(nextPoison++).record(run.topic()));
            }
        }
        while (nextPoison < poison.size()) {
            poisonAt.put(records.size(), poison.get(nextPoison));
            records.add(poison.get(nextPoison++).record(run.topic()));
        }
        Map<String, RecordMetadata> landedByKind = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = KafkaTestClient.producer()) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            records.forEach(record -> acks.add(producer.send(record)));
            for (int i = 0; i < acks.size(); i++) {
                RecordMetadata metadata = acks.get(i).get();
                if (poisonAt.containsKey(i)) {
                    landedByKind.put(poisonAt.get(i).kind(), metadata);
                }
            }
        }

        ExpectedAnomalies expected = ExpectedAnomalies.of(good);
        assertThat(expected.byId()).containsKey(kilopascal.id());
        try (RunningApp app = RunningApp.start(run.settings())) {
            expected.awaitExactlyIn(run.index(), run.group(), run.topic(), Duration.ofSeconds(90));

            List<ConsumerRecord<String, byte[]>> deadLetters =
                    KafkaTestClient.readAll(run.dlqTopic(), poison.size(), Duration.ofSeconds(30));
            assertThat(deadLetters).as("one dead letter per bad record").hasSize(poison.size());
            Map<String, ConsumerRecord<String, byte[]>> byKind = new HashMap<>();
            for (ConsumerRecord<String, byte[]> deadLetter : deadLetters) {
                assertThat(byKind.put(header(deadLetter, PoisonCorpus.KIND_HEADER), deadLetter)).isNull();
            }
            for (Poison bad : poison) {
                ConsumerRecord<String, byte[]> deadLetter = byKind.get(bad.kind());
                assertThat(deadLetter).as("dead letter for " + bad.kind()).isNotNull();
                String reason = header(deadLetter, "dlq.reason");
                LOG.info("{} -> {} [{}]", bad.kind(), reason, header(deadLetter, "dlq.error.class"));
                assertThat(deadLetter.key()).as(bad.kind() + " key").isEqualTo(bad.key());
                assertThat(deadLetter.value()).as(bad.kind() + " bytes")
                        .isEqualTo(bad.value() == null ? new byte[0] : bad.value());
                assertThat(header(deadLetter, PoisonCorpus.GATEWAY_HEADER)).as(bad.kind() + " producer header")
                        .isEqualTo("gateway-" + bad.kind().length());
                assertThat(reason).as(bad.kind() + " reason").isNotBlank().isNotEqualTo("unreadable record");
                if (REASON_MENTIONS.containsKey(bad.kind())) {
                    assertThat(reason.toLowerCase()).as(bad.kind() + " reason").contains(REASON_MENTIONS.get(bad.kind()));
                }
                assertThat(header(deadLetter, "dlq.error.class")).as(bad.kind()).isNotBlank();
                RecordMetadata landed = landedByKind.get(bad.kind());
                assertThat(header(deadLetter, "dlq.source.topic")).isEqualTo(run.topic());
                assertThat(header(deadLetter, "dlq.source.partition")).isEqualTo(String.valueOf(landed.partition()));
                assertThat(header(deadLetter, "dlq.source.offset")).isEqualTo(String.valueOf(landed.offset()));
                assertThat(Instant.parse(header(deadLetter, "dlq.failed.at"))).isBefore(Instant.now().plusSeconds(1));
            }
            assertThat(app.counters().deadLettered()).isEqualTo(poison.size());

            // still running: a reading sent after the corpus is indexed
            assertThat(app.context().getRouteController().getRouteStatus("detector").isStarted()).isTrue();
            Sent late = KnownReadings.generate(200, 2_003).stream().filter(Sent::isAnomaly).findFirst().orElseThrow();
            KafkaTestClient.send(run.topic(), List.of(late.record(run.topic())));
            Poll.until(Duration.ofSeconds(30), () -> Anomalies.all(run.index()).containsKey(late.id()),
                    "a reading sent after the corpus indexed");
            assertThat(GroupOffsets.recordCount(run.dlqTopic())).isEqualTo(poison.size());
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
