package io.bpmonitor.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.bpmonitor.testing.GroupMockConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadEpochTest {

    private static final TopicPartition P0 = new TopicPartition("bp-observations", 0);
    private static final TopicPartition P1 = new TopicPartition("bp-observations", 1);

    private final GroupMockConsumer consumer = new GroupMockConsumer();
    private final ReadEpoch epoch = new ReadEpoch(consumer, Duration.ofSeconds(1));

    @BeforeEach
    void assign() {
        consumer.assign(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.commitSync(Map.of(P0, new OffsetAndMetadata(11)));
        consumer.seek(P0, 20);
        consumer.seek(P1, 7);
    }

    /** As when the consumer's {@code poll()} returns records on this thread. */
    private static void poll() {
        new PollCounter().onConsume(ConsumerRecords.empty());
    }

    private RecordPosition read(long offset) {
        return new RecordPosition(consumer, P0, offset, Duration.ofSeconds(1), epoch);
    }

    @Test
    void aRereadSendsEachPartitionBackToItsCommittedOffsetOrTheStart() {
        epoch.rereadFromCommitted();

        assertThat(consumer.position(P0)).isEqualTo(11);
        assertThat(consumer.position(P1)).as("nothing committed: the start").isZero();
        assertThat(epoch.rereadPending()).isFalse();
    }

    @Test
    void whatWasPolledBeforeARereadIsStaleAndWhatIsPolledAfterIsNot() {
        poll();
        RecordPosition before = read(19);

        epoch.rereadFromCommitted();
        // camel-kafka wraps the rest of that poll after the batch that read again: stale all the same
        RecordPosition restOfThatPoll = read(20);
        poll();
        RecordPosition after = read(11);

        assertThat(before.stale()).isTrue();
        assertThat(before.readBeforeRebalance()).isFalse();
        assertThat(restOfThatPoll.stale()).isTrue();
        assertThat(after.stale()).isFalse();
    }

    @Test
    void whatWasReadBeforeARebalanceIsStale() {
        RecordPosition before = read(19);

        consumer.rebalance();
        poll();

        assertThat(before.readBeforeRebalance()).isTrue();
        assertThat(before.stale()).isTrue();
        assertThat(read(19).stale()).isFalse();
    }

    @Test
    void whileKafkaDoesNotAnswerTheRereadStaysPendingAndEverythingReadIsStale() {
        consumer.kafkaAway(true);
        epoch.rereadFromCommitted();
        RecordPosition meanwhile = read(20);

        assertThat(epoch.rereadPending()).isTrue();
        assertThat(meanwhile.stale()).isTrue();
        assertThat(consumer.position(P0)).as("not moved yet").isEqualTo(20);

        consumer.kafkaAway(false);
        epoch.rereadFromCommitted();
        poll();

        assertThat(epoch.rereadPending()).isFalse();
        assertThat(meanwhile.stale()).as("read at the wrong place").isTrue();
        assertThat(consumer.position(P0)).isEqualTo(11);
        assertThat(read(11).stale()).isFalse();
    }

    @Test
    void aPositionWithoutAnEpochIsNeverStale() {
        RecordPosition position = new RecordPosition(consumer, P0, 3, Duration.ofSeconds(1), null);
        consumer.rebalance();

        assertThat(position.stale()).isFalse();
    }
}
