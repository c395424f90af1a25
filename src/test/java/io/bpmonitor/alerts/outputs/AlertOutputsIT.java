package io.bpmonitor.alerts.outputs;

import static io.bpmonitor.config.Setting.BP_ALERT_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_ALERT_INDEX;
import static io.bpmonitor.config.Setting.BP_ALERT_RETRY_INITIAL_DELAY_MS;
import static io.bpmonitor.config.Setting.BP_ALERT_RETRY_MAX_DELAY_MS;
import static io.bpmonitor.config.Setting.BP_ALERT_TOPIC;
import static io.bpmonitor.config.Setting.BP_ALERT_WEBHOOK_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_ALERT_WEBHOOK_SECRET;
import static io.bpmonitor.config.Setting.BP_ALERT_WEBHOOK_URL;
import static io.bpmonitor.config.Setting.BP_BOARD_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.deadletter.DeadLetterHeaders;
import io.bpmonitor.testing.BasicAuth;
import io.bpmonitor.testing.TestUsers;
import io.bpmonitor.testing.ContractAlerts;
import io.bpmonitor.testing.GroupOffsets;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SettingMap;
import io.bpmonitor.testing.SharedStack;
import io.bpmonitor.testing.WebhookReceiver.Received;
import io.bpmonitor.testing.WebhookReceiver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The alert outputs in the running app on the real Kafka and Elasticsearch of the shared stack, with the alerts
 * written as the engine's contract says (the tests produce and index them themselves): the webhook against a real
 * HTTP server, the board's open alerts against a real index.
 */
class AlertOutputsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> settings = RunningApp.isolatedSettings();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private WebhookReceiver webhook;
    private RunningApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (webhook != null) {
            webhook.close();
        }
        SharedStack.deleteIndex(settings.getOrDefault(BP_ALERT_INDEX.property(), "none"));
    }

    private static KafkaProducer<String, byte[]> transactionalProducer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.kafkaBootstrapServers());
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "alert-engine-stand-in-" + UUID.randomUUID());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(properties);
    }

    private static ObjectNode alert(String id, String patient, String kind, String openedAt, int systolic, int diastolic) {
        return ContractAlerts.open(id, patient, kind, openedAt, systolic, diastolic, List.of("obs-" + id));
    }

    @Test
    void theWebhookGetsEachCommittedAlertOnceTakenRetriesWhatFailsForNowAndDeadLettersWhatIsRefused() throws Exception {
        String topic = "bp-alerts-" + suffix;
        String deadLetters = "bp-alerts-dlq-" + suffix;
        String group = "bp-alert-webhook-" + suffix;
        // one partition: the webhook's answers are scripted in the order the alerts are sent
        SharedStack.createTopic(topic, 1);
        webhook = new WebhookReceiver().answer(503, 503, 200, 400, 200);
        settings.putAll(SettingMap.of(BP_ALERT_TOPIC, topic, BP_ALERT_DLQ_TOPIC, deadLetters,
                BP_ALERT_WEBHOOK_GROUP_ID, group, BP_ALERT_WEBHOOK_URL, webhook.url("/pager"),
                BP_ALERT_WEBHOOK_SECRET, "Bearer it-secret",
                BP_ALERT_RETRY_INITIAL_DELAY_MS, "50", BP_ALERT_RETRY_MAX_DELAY_MS, "200"));

        ObjectNode crisis = alert("a1c0ffee00000001", "p-0001", "crisis", "2026-11-29T18:00:00Z", 196, 124);
        ObjectNode sustained = alert("a1c0ffee00000002", "p-0002", "sustained", "2026-11-29T18:05:00Z", 152, 95);
        ObjectNode resolved = ContractAlerts.resolved(crisis, "2026-11-29T19:10:00Z", "no anomaly for 60 minutes");
        RecordMetadata last;
        try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "p-0001", ContractAlerts.bytes(crisis)));
            producer.send(new ProducerRecord<>(topic, "p-0002", ContractAlerts.bytes(sustained)));
            producer.commitTransaction();
            // an alert of an aborted transaction never existed: no output may act on it
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "p-0009",
                    ContractAlerts.bytes(alert("abab000000000009", "p-0009", "crisis", "2026-11-29T18:06:00Z", 200, 130))));
            producer.abortTransaction();
            producer.beginTransaction();
            last = producer.send(new ProducerRecord<>(topic, "p-0001", ContractAlerts.bytes(resolved))).get();
            producer.commitTransaction();
        }

        app = RunningApp.start(settings);

        Poll.until(Duration.ofSeconds(60), () -> webhook.received().size() >= 5, "five POSTs");
        TopicPartition partition = new TopicPartition(topic, 0);
        Poll.until(Duration.ofSeconds(30),
                () -> GroupOffsets.committed(group, topic).getOrDefault(partition, -1L) > last.offset(),
                "the group committed past the last alert");
        List<Received> posts = webhook.received();
        assertThat(posts).extracting(Received::idempotencyKey).containsExactly(
                "a1c0ffee00000001:open", "a1c0ffee00000001:open", "a1c0ffee00000001:open",
                "a1c0ffee00000002:open", "a1c0ffee00000001:resolved");
        assertThat(posts).allSatisfy(post -> assertThat(post.headers().get("Authorization")).containsExactly("Bearer it-secret"));
        assertThat(posts.get(2).body()).isEqualTo(ContractAlerts.bytes(crisis));
        assertThat(posts.get(4).body()).isEqualTo(ContractAlerts.bytes(resolved));

        List<ConsumerRecord<String, byte[]>> dead = KafkaTestClient.readAll(deadLetters, 1, Duration.ofSeconds(20));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo("p-0002");
        assertThat(dead.get(0).value()).isEqualTo(ContractAlerts.bytes(sustained));
        assertThat(new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo("The webhook refused the alert with HTTP 400");

        // a restart reads on from the committed offset: nothing is sent twice
        app.close();
        app = RunningApp.start(settings);
        Poll.until(Duration.ofSeconds(30), () -> app.context().getRoute("alert-webhook") != null
                && app.context().getRouteController().getRouteStatus("alert-webhook").isStarted(), "the webhook route");
        assertThat(webhook.received()).hasSize(5);
    }

    @Test
    void theBoardListsTheAlertsThatNeedAClinicianCrisesFirst() throws Exception {
        String index = "bp_alerts_" + suffix;
        settings.put(BP_ALERT_INDEX.property(), index);
        String mapping = new String(AlertOutputsIT.class.getResourceAsStream("/elasticsearch/bp_alerts-index.json")
                .readAllBytes(), StandardCharsets.UTF_8);
        assertThat(SharedStack.es().put("/" + index, mapping).ok()).isTrue();
        ObjectNode older = alert("b0000000000000a1", "p-0003", "sustained", "2026-11-29T17:00:00Z", 158, 97);
        ObjectNode newer = alert("b0000000000000a2", "p-0004", "crisis", "2026-11-29T18:30:00Z", 204, 126);
        ObjectNode gone = ContractAlerts.resolved(alert("b0000000000000a3", "p-0005", "crisis", "2026-11-29T18:45:00Z",
                190, 121), "2026-11-29T19:50:00Z", "no anomaly for 60 minutes");
        for (ObjectNode document : List.of(older, newer, gone)) {
            assertThat(SharedStack.es().put("/" + index + "/_doc/" + document.path("alert_id").asText() + "?refresh=true",
                    document.toString()).ok()).as("indexed under the strict mapping").isTrue();
        }
        app = RunningApp.start(settings);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + settings.get(BP_BOARD_PORT.property()) + "/api/alerts")).header("Authorization",
                BasicAuth.header(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("open").asLong()).isEqualTo(2);
        assertThat(answer.path("alerts")).as("the open ones and the one that ended unreviewed").hasSize(3);
        JsonNode first = answer.path("alerts").get(0);
        assertThat(first.path("alert_id").asText()).isEqualTo("b0000000000000a2");
        assertThat(first.path("patient_id").asText()).isEqualTo("p-0004");
        assertThat(first.path("kind").asText()).isEqualTo("crisis");
        assertThat(first.path("kind_label").asText()).isEqualTo("Hypertensive crisis");
        assertThat(first.path("opened_at").asText()).isEqualTo("2026-11-29T18:30:00Z");
        assertThat(first.path("systolic").asInt()).isEqualTo(204);
        assertThat(first.path("diastolic").asInt()).isEqualTo(126);
        assertThat(first.path("readings").asInt()).isEqualTo(1);
        assertThat(answer.path("alerts").get(1).path("alert_id").asText()).as("crises first, open before ended")
                .isEqualTo("b0000000000000a3");
        assertThat(answer.path("alerts").get(1).path("status").asText()).isEqualTo("resolved");
        assertThat(answer.path("alerts").get(2).path("alert_id").asText()).isEqualTo("b0000000000000a1");
    }

}
