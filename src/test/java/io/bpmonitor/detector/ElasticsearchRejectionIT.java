package io.bpmonitor.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.testing.EsHttp;
import io.bpmonitor.testing.ExpectedAnomalies;
import io.bpmonitor.testing.IsolatedRun;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Documents Elasticsearch refuses for good: the index exists with {@code device_id} mapped as {@code long}, so every
 * anomaly that names its cuff ("cuff-7") fails with a mapping error while those without a device index. The refused
 * ones go to the dead-letter topic with Elasticsearch's reason; the rest are indexed; nothing blocks.
 */
class ElasticsearchRejectionIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void documentsElasticsearchRefusesAreDeadLetteredAndTheRestIndexed() throws Exception {
        IsolatedRun run = IsolatedRun.withTopic(2, Map.of());
        createIndexWithDeviceIdAsLong(run.index());

        // every other reading without its device: those index; the others carry "cuff-N" into a long field
        List<Sent> readings = new ArrayList<>();
        List<Sent> generated = KnownReadings.generate(800, 5_005);
        for (int i = 0; i < generated.size(); i++) {
            readings.add(i % 2 == 0 ? withoutDevice(generated.get(i)) : generated.get(i));
        }
        List<Sent> indexable = new ArrayList<>();
        Map<String, Sent> refused = new HashMap<>();
        for (int i = 0; i < readings.size(); i++) {
            if (i % 2 == 0) {
                indexable.add(readings.get(i));
            } else if (readings.get(i).isAnomaly()) {
                refused.put(readings.get(i).id(), readings.get(i));
            }
        }
        assertThat(refused).hasSizeGreaterThan(50);
        Map<String, RecordMetadata> landed = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = KafkaTestClient.producer()) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            readings.forEach(reading -> acks.add(producer.send(reading.record(run.topic()))));
            for (int i = 0; i < acks.size(); i++) {
                landed.put(readings.get(i).id(), acks.get(i).get());
            }
        }

        ExpectedAnomalies expected = ExpectedAnomalies.of(indexable);
        try (RunningApp app = RunningApp.start(run.settings())) {
            expected.awaitExactlyIn(run.index(), run.group(), run.topic(), Duration.ofSeconds(90));
            List<ConsumerRecord<String, byte[]>> deadLetters =
                    KafkaTestClient.readAll(run.dlqTopic(), refused.size(), Duration.ofSeconds(30));
            assertThat(deadLetters).hasSize(refused.size());
            Map<String, ConsumerRecord<String, byte[]>> byId = new HashMap<>();
            for (ConsumerRecord<String, byte[]> deadLetter : deadLetters) {
                String id = JSON.readTree(deadLetter.value()).path("id").asText();
                assertThat(byId.put(id, deadLetter)).as("one dead letter for " + id).isNull();
            }
            assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(refused.keySet());
            byId.forEach((id, deadLetter) -> {
                Sent reading = refused.get(id);
                assertThat(deadLetter.value()).isEqualTo(reading.json());
                assertThat(deadLetter.key()).isEqualTo(reading.patientId());
                assertThat(header(deadLetter, "dlq.reason")).contains("rejected by Elasticsearch").contains("400")
                        .contains("device_id");
                assertThat(header(deadLetter, "dlq.error.class")).isNotBlank();
                assertThat(header(deadLetter, "dlq.source.topic")).isEqualTo(run.topic());
                assertThat(header(deadLetter, "dlq.source.partition"))
                        .isEqualTo(String.valueOf(landed.get(id).partition()));
                assertThat(header(deadLetter, "dlq.source.offset")).isEqualTo(String.valueOf(landed.get(id).offset()));
                assertThat(header(deadLetter, "dlq.failed.at")).isNotBlank();
            });
            assertThat(app.context().getRouteController().getRouteStatus("detector").isStarted()).isTrue();
        }
    }

    private static void createIndexWithDeviceIdAsLong(String index) throws Exception {
        ObjectNode definition;
        try (InputStream in = ElasticsearchRejectionIT.class.getResourceAsStream("/elasticsearch/bp_anomalies-index.json")) {
            definition = (ObjectNode) JSON.readTree(in);
        }
        ((ObjectNode) definition.at("/mappings/properties/device_id")).put("type", "long");
        EsHttp.Response response = SharedStack.es().put("/" + index, JSON.writeValueAsString(definition));
        assertThat(response.ok()).as(response.body()).isTrue();
    }

    private static Sent withoutDevice(Sent reading) throws Exception {
        ObjectNode observation = (ObjectNode) JSON.readTree(reading.json());
        observation.remove("device");
        return new Sent(reading.id(), reading.patientId(), reading.systolic(), reading.diastolic(),
                JSON.writeValueAsBytes(observation));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
