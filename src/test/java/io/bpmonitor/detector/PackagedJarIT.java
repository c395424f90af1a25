package io.bpmonitor.detector;

import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_MAX_MESSAGE_BYTES;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.ExpectedAnomalies;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.MainProcess;
import io.bpmonitor.testing.PoisonCorpus.Poison;
import io.bpmonitor.testing.PoisonCorpus;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * What ships, {@code java -jar target/bp-monitor.jar} (no local stack, trimmed dependencies), against given Kafka and
 * Elasticsearch: every kind of input still lands where it should.
 */
class PackagedJarIT {

    @Test
    void withoutKafkaOrElasticsearchItStopsWithOneLineNamingTheSettings() throws Exception {
        MainProcess.Result result = MainProcess.run(Map.of(), Duration.ofSeconds(60));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.lines()).filteredOn(line -> line.contains("ERROR")).singleElement().satisfies(line ->
                assertThat(line).contains("KAFKA_BROKERS").contains("ELASTICSEARCH_URL"));
    }

    @Test
    void theJarIndexesEveryAnomalyAndDeadLettersEveryKindOfBadRecord() throws Exception {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.put(BP_MAX_MESSAGE_BYTES.property(), "16384");
        String topic = settings.get(BP_TOPIC.property());
        SharedStack.createTopic(topic, 2);
        List<Sent> good = new ArrayList<>(KnownReadings.generate(300, 2_009));
        good.add(PoisonCorpus.kilopascalReading(good.get(0)));
        List<Poison> poison = PoisonCorpus.of(good.get(1), 16_384);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(KnownReadings.records(topic, good));
        poison.forEach(bad -> records.add(bad.record(topic)));
        KafkaTestClient.send(topic, records);

        try (AppProcess app = AppProcess.start("packaged-jar", settings)) {
            ExpectedAnomalies.of(good).awaitExactlyIn(settings.get(BP_INDEX.property()),
                    settings.get(BP_GROUP_ID.property()), topic, Duration.ofSeconds(120));
            List<ConsumerRecord<String, byte[]>> deadLetters = KafkaTestClient.readAll(
                    settings.get(BP_DLQ_TOPIC.property()), poison.size(), Duration.ofSeconds(30));
            assertThat(deadLetters).extracting(letter -> header(letter, PoisonCorpus.KIND_HEADER))
                    .containsExactlyInAnyOrderElementsOf(poison.stream().map(Poison::kind).toList());
            for (ConsumerRecord<String, byte[]> letter : deadLetters) {
                String kind = header(letter, PoisonCorpus.KIND_HEADER);
                assertThat(header(letter, "dlq.reason")).as(kind).isNotBlank()
                        .containsIgnoringCase(PoisonCorpusIT.REASON_MENTIONS.getOrDefault(kind, ""));
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
