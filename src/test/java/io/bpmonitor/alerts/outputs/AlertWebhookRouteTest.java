package io.bpmonitor.alerts.outputs;

import static io.bpmonitor.config.Setting.BP_ALERT_RETRY_INITIAL_DELAY_MS;
import static io.bpmonitor.config.Setting.BP_ALERT_RETRY_MAX_DELAY_MS;
import static io.bpmonitor.config.Setting.BP_ALERT_WEBHOOK_SECRET;
import static io.bpmonitor.config.Setting.BP_ALERT_WEBHOOK_URL;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.deadletter.DeadLetterHeaders;
import io.bpmonitor.testing.ContractAlerts;
import io.bpmonitor.testing.RouteTestSupport;
import io.bpmonitor.testing.SettingMap;
import io.bpmonitor.testing.WebhookReceiver.Received;
import io.bpmonitor.testing.WebhookReceiver;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/alert-webhook.yaml with the route configuration of {@link AlertOutputDelivery}, POSTing to a real HTTP server
 * on 127.0.0.1 that fails, accepts or refuses as told; the Kafka consumer is stood in by a direct endpoint (an
 * exchange that fails is what makes camel-kafka seek back instead of committing), the dead-letter topic by a mock.
 */
class AlertWebhookRouteTest extends RouteTestSupport {

    private static final String SECRET = "Bearer s3cret-for-route-tests";

    /** Started from {@link #settings()}, which Camel's test support calls from its constructor. */
    private WebhookReceiver webhook;

    @Override
    protected String routesFile() {
        return "alert-webhook.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        try {
            webhook = new WebhookReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SettingMap.of(BP_ALERT_WEBHOOK_URL, webhook.url("/hooks/bp"), BP_ALERT_WEBHOOK_SECRET, SECRET,
                BP_ALERT_RETRY_INITIAL_DELAY_MS, "5", BP_ALERT_RETRY_MAX_DELAY_MS, "20");
    }

    @Override
    protected void configureMore(MainConfigurationProperties configuration) {
        configuration.addConfiguration(AlertOutputConfiguration.class);
        configuration.addRoutesBuilder(new AlertOutputDelivery());
    }

    @BeforeEach
    void standIns() throws Exception {
        context.addComponent("kafka", new KafkaStandIn());
        consumeFrom("alert-webhook", "alerts");
        context.start();
    }

    @AfterEach
    void stopWebhook() {
        webhook.close();
    }

    private Exchange consume(byte[] value, long offset) {
        return consume(value, offset, null);
    }

    /** @param event the record's {@code bp-alert-event} header, or null for none */
    private Exchange consume(byte[] value, long offset, String event) {
        return template.send("direct:alerts", exchange -> {
            Message message = exchange.getMessage();
            if (event != null) {
                message.setHeader(io.bpmonitor.alerts.AlertEvent.EVENT_HEADER,
                        event.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            message.setHeader(KafkaConstants.TOPIC, "bp-alerts");
            message.setHeader(KafkaConstants.PARTITION, 2);
            message.setHeader(KafkaConstants.OFFSET, offset);
            message.setHeader(KafkaConstants.KEY, "p-0007");
            message.setBody(value);
        });
    }

    private static ObjectNode crisis() {
        return ContractAlerts.open("9f2c4e1a0b7d3e55", "p-0007", "crisis", "2026-11-29T18:30:25Z", 196, 124,
                List.of("obs-1"));
    }

    @Test
    void anAlertIsPostedAsPublishedWithItsIdempotencyKeyAndSecret() {
        byte[] open = ContractAlerts.bytes(crisis());
        byte[] resolved = ContractAlerts.bytes(ContractAlerts.resolved(crisis(), "2026-11-29T19:35:00Z", "quiet for 60 minutes"));

        assertThat(consume(open, 10).getException()).isNull();
        assertThat(consume(resolved, 11).getException()).isNull();

        List<Received> posts = webhook.received();
        assertThat(posts).extracting(Received::method).containsExactly("POST", "POST");
        assertThat(posts).extracting(Received::path).containsOnly("/hooks/bp");
        assertThat(posts).extracting(Received::idempotencyKey)
                .containsExactly("9f2c4e1a0b7d3e55:open", "9f2c4e1a0b7d3e55:resolved");
        assertThat(posts.get(0).body()).isEqualTo(open);
        assertThat(posts.get(1).body()).isEqualTo(resolved);
        assertThat(posts.get(0).contentType()).startsWith("application/json");
        assertThat(posts.get(0).headers().get("Authorization")).containsExactly(SECRET);
        // nothing of the consumed record travels as an HTTP header
        assertThat(posts.get(0).headers().keySet()).noneMatch(name -> name.toLowerCase().startsWith("kafka"));
        assertThat(getMockEndpoint("mock:bp-alerts-dlq").getReceivedCounter()).isZero();
    }

    @Test
    void eachReviewActionAndEscalationIsAPostOfItsOwnKeyNamingItsEvent() {
        ObjectNode acknowledged = crisis();
        acknowledged.put("review_status", "acknowledged");
        acknowledged.putObject("review").put("status", "acknowledged").put("holder", "dr.martin").put("revision", 1)
                .put("escalations", 1);

        consume(ContractAlerts.bytes(crisis()), 20, "opened");
        consume(ContractAlerts.bytes(crisis()), 21, "escalated");
        consume(ContractAlerts.bytes(acknowledged), 22, "acknowledged");
        consume(ContractAlerts.bytes(acknowledged), 23, "updated");

        assertThat(webhook.received()).extracting(Received::idempotencyKey).containsExactly("9f2c4e1a0b7d3e55:open",
                "9f2c4e1a0b7d3e55:escalated:0", "9f2c4e1a0b7d3e55:acknowledged:1");
        assertThat(webhook.received()).extracting(post -> post.headers().entrySet().stream()
                        .filter(header -> header.getKey().equalsIgnoreCase(AlertWebhook.EVENT_HEADER))
                        .map(header -> header.getValue().get(0)).findFirst().orElse(null))
                .containsExactly("opened", "escalated", "acknowledged");
    }

    @Test
    void serverErrorsTimeoutsAndThrottlingAreRetriedUntilTakenAndNothingIsDeadLettered() {
        webhook.answer(503, 500, 408, 429).thereafter(202);

        Exchange done = consume(ContractAlerts.bytes(crisis()), 3);

        assertThat(done.getException()).as("succeeds, so camel-kafka commits").isNull();
        assertThat(webhook.received()).hasSize(5)
                .extracting(Received::idempotencyKey).containsOnly("9f2c4e1a0b7d3e55:open");
        assertThat(webhook.received()).allSatisfy(post -> assertThat(post.body()).isEqualTo(ContractAlerts.bytes(crisis())));
        assertThat(getMockEndpoint("mock:bp-alerts-dlq").getReceivedCounter()).isZero();
    }

    @Test
    void aWebhookThatStaysDownFailsTheExchangeSoTheRecordIsPolledAgainNotSkipped() {
        webhook.thereafter(503);

        Exchange done = consume(ContractAlerts.bytes(crisis()), 4);

        assertThat(done.getException()).isInstanceOf(AlertOutputUnavailableException.class)
                .hasMessage("The webhook answered HTTP 503");
        assertThat(webhook.received()).hasSize(AlertOutputDelivery.RETRIES_PER_POLL + 1);
        assertThat(getMockEndpoint("mock:bp-alerts-dlq").getReceivedCounter()).isZero();
    }

    @Test
    void aRefusalForGoodIsDeadLetteredWithItsReasonAndTheQueueMovesOn() throws Exception {
        webhook.answer(422);
        MockEndpoint deadLetters = getMockEndpoint("mock:bp-alerts-dlq");
        deadLetters.expectedMessageCount(1);
        byte[] open = ContractAlerts.bytes(crisis());

        Exchange done = consume(open, 5);

        assertThat(done.getException()).as("handled, so camel-kafka commits").isNull();
        deadLetters.assertIsSatisfied();
        assertThat(webhook.received()).hasSize(1);
        Message dead = deadLetters.getExchanges().get(0).getMessage();
        assertThat(dead.getHeader(DeadLetterHeaders.REASON)).isEqualTo("The webhook refused the alert with HTTP 422");
        assertThat(dead.getHeader(DeadLetterHeaders.ERROR_CLASS)).isEqualTo(AlertRefusedException.class.getName());
        assertThat(dead.getHeader(DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("bp-alerts");
        assertThat(dead.getHeader(DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("2");
        assertThat(dead.getHeader(DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("5");
        assertThat(dead.getHeader(KafkaConstants.KEY)).isEqualTo("p-0007");
        assertThat(dead.getBody(byte[].class)).isEqualTo(open);

        assertThat(consume(open, 6).getException()).as("the next record goes through").isNull();
        assertThat(webhook.received()).hasSize(2);
    }

    @Test
    void aRecordThatIsNoAlertIsDeadLetteredWithoutAPost() throws Exception {
        MockEndpoint deadLetters = getMockEndpoint("mock:bp-alerts-dlq");
        deadLetters.expectedMessageCount(2);

        consume("{not json".getBytes(StandardCharsets.UTF_8), 7);
        ObjectNode noId = crisis();
        noId.remove("alert_id");
        consume(ContractAlerts.bytes(noId), 8);

        deadLetters.assertIsSatisfied();
        assertThat(webhook.received()).isEmpty();
        assertThat(deadLetters.getExchanges()).extracting(e -> e.getMessage().getHeader(DeadLetterHeaders.REASON))
                .containsExactly("Unreadable alert: not the JSON of an alert (JsonParseException)",
                        "Unreadable alert: no alert_id");
    }

    @Test
    void aWebhookNobodyListensOnIsRetriedLikeAServerError() {
        webhook.close();

        Exchange done = consume(ContractAlerts.bytes(crisis()), 9);

        assertThat(done.getException()).as("not dead-lettered: polled again").isNotNull()
                .isNotInstanceOf(AlertRefusedException.class);
        assertThat(getMockEndpoint("mock:bp-alerts-dlq").getReceivedCounter()).isZero();
    }
}
