package io.bpmonitor.deadletter;

import static io.bpmonitor.config.Setting.BP_REPLAY_REASON;
import static io.bpmonitor.config.Setting.KAFKA_BROKERS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.bpmonitor.kafka.RecordPosition;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RouteTestSupport;
import io.bpmonitor.testing.SettingMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/replay.yaml with stand-ins for Kafka: the dead letters the reason chooses go back to the readings' topic with
 * their bytes, key and producer headers and without the dlq.* ones; the others are passed over; each is committed once
 * settled, none beyond the plan; the application ends when the plan is done.
 */
class ReplayRouteTest extends RouteTestSupport {

    private static final String DLQ = "bp-observations-dlq";
    private static final TopicPartition P0 = new TopicPartition(DLQ, 0);
    private static final TopicPartition P1 = new TopicPartition(DLQ, 1);
    private static final String PLAUSIBLE = "systolic 420 mmHg outside the plausible range 30-300";

    private final MockConsumer<Object, Object> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private final AtomicInteger unacknowledged = new AtomicInteger();

    @Override
    protected String routesFile() {
        return "replay.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return SettingMap.of(KAFKA_BROKERS, "127.0.0.1:9", BP_REPLAY_REASON, "Outside the PLAUSIBLE range");
    }

    @BeforeEach
    void standIns() throws Exception {
        consumer.assign(List.of(P0, P1));
        consumeFrom("replay", "dead-letters");
        sendInsteadTo("replay", "kafka:*", "readings");
        getMockEndpoint("mock:readings").whenAnyExchangeReceived(exchange -> {
            if (unacknowledged.getAndDecrement() > 0) {
                throw new org.apache.kafka.common.errors.TimeoutException("not acknowledged");
            }
        });
    }

    private DeadLetterReplay replay() {
        return context.getRegistry().lookupByNameAndType("deadLetterReplay", DeadLetterReplay.class);
    }

    private Exchange send(TopicPartition partition, long offset, String reason) {
        return template.send("direct:dead-letters", exchange -> {
            Message message = exchange.getMessage();
            message.setHeader(KafkaConstants.TOPIC, DLQ);
            message.setHeader(KafkaConstants.PARTITION, partition.partition());
            message.setHeader(KafkaConstants.OFFSET, offset);
            message.setHeader(KafkaConstants.KEY, bytes("p-" + offset));
            message.setHeader(KafkaConstants.MANUAL_COMMIT,
                    new RecordPosition(consumer, partition, offset, Duration.ofSeconds(1), null));
            message.setHeader("x-gateway", bytes("gateway-" + offset));
            message.setHeader(DeadLetterHeaders.REASON, bytes(reason));
            message.setHeader(DeadLetterHeaders.ERROR_CLASS, bytes(InvalidReadingClass.NAME));
            message.setHeader(DeadLetterHeaders.SOURCE_TOPIC, bytes("bp-observations"));
            message.setHeader(DeadLetterHeaders.SOURCE_PARTITION, bytes("1"));
            message.setHeader(DeadLetterHeaders.SOURCE_OFFSET, bytes(String.valueOf(100 + offset)));
            message.setHeader(DeadLetterHeaders.FAILED_AT, bytes("2026-11-29T10:00:00Z"));
            message.setBody(bytes("{\"resourceType\":\"Observation\",\"id\":\"o-" + offset + "\"}"));
        });
    }

    private Long committed(TopicPartition partition) {
        OffsetAndMetadata offset = consumer.committed(Set.of(partition)).get(partition);
        return offset == null ? null : offset.offset();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theChosenReasonGoesBackAsFirstSentAndTheRestIsPassedOver() throws Exception {
        context.start();
        DeadLetterReplay replay = replay();
        replay.start(context, new ReplayPlan(Map.of(0, 3L)));

        send(P0, 0, PLAUSIBLE);
        send(P0, 1, "not an Observation");
        send(P0, 2, "diastolic 5 mmHg outside the plausible range 15-200");
        assertThat(context.isStopped()).as("running until the plan is done").isFalse();
        send(P0, 3, "effective time has no time of day");

        MockEndpoint readings = getMockEndpoint("mock:readings");
        assertThat(readings.getReceivedCounter()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            long offset = i * 2L;
            Message copy = readings.getExchanges().get(i).getMessage();
            assertThat(copy.getBody(byte[].class)).isEqualTo(bytes("{\"resourceType\":\"Observation\",\"id\":\"o-" + offset + "\"}"));
            assertThat((byte[]) copy.getHeader(KafkaConstants.KEY)).isEqualTo(bytes("p-" + offset));
            assertThat((byte[]) copy.getHeader("x-gateway")).isEqualTo(bytes("gateway-" + offset));
            assertThat(copy.getHeaders().keySet()).as("no dlq.* header").noneMatch(name -> name.startsWith("dlq."));
        }
        assertThat(committed(P0)).isEqualTo(4L);
        assertThat(replay.replayedCount()).isEqualTo(2);
        assertThat(replay.skippedCount()).isEqualTo(2);
        Poll.until(Duration.ofSeconds(10), context::isStopped, "the application stopped once the plan is done");
    }

    @Test
    void deadLettersAfterThePlanAreNeitherReplayedNorCommitted() throws Exception {
        context.start();
        DeadLetterReplay replay = replay();
        replay.start(context, new ReplayPlan(Map.of(0, 1L, 1, 0L)));

        send(P0, 0, PLAUSIBLE);
        send(P0, 1, PLAUSIBLE);
        send(P0, 2, PLAUSIBLE);
        assertThat(context.isStopped()).as("partition 1 not done yet").isFalse();
        send(P1, 0, "not an Observation");

        assertThat(getMockEndpoint("mock:readings").getReceivedCounter()).isEqualTo(2);
        assertThat(committed(P0)).as("offset 2 came after the start: left for a later replay").isEqualTo(2L);
        assertThat(committed(P1)).isEqualTo(1L);
        Poll.until(Duration.ofSeconds(10), context::isStopped, "the application stopped once the plan is done");
    }

    @Test
    void aCopyKafkaDoesNotAcknowledgeIsNotCommitted() throws Exception {
        unacknowledged.set(1);
        context.start();
        DeadLetterReplay replay = replay();
        replay.start(context, new ReplayPlan(Map.of(0, 5L)));

        Exchange failed = send(P0, 0, PLAUSIBLE);

        assertThat(failed.getException()).isNotNull();
        assertThat(committed(P0)).isNull();
        assertThat(replay.replayedCount()).isZero();
        send(P0, 0, PLAUSIBLE);
        assertThat(committed(P0)).as("read again, acknowledged, committed").isEqualTo(1L);
    }

    @Test
    void anEmptyPlanEndsTheApplicationAtOnce() throws Exception {
        context.start();
        DeadLetterReplay replay = replay();
        replay.start(context, new ReplayPlan(Map.of()));

        Poll.until(Duration.ofSeconds(10), context::isStopped, "the application stopped: nothing to replay");
        assertThat(replay.replayedCount()).isZero();
    }

    /** The class name a rule's refusal carries. */
    private static final class InvalidReadingClass {
        static final String NAME = "io.bpmonitor.fhir.InvalidReadingException";
    }
}
