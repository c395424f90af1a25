package io.bpmonitor.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.bpmonitor.kafka.ReadEpoch;
import io.bpmonitor.kafka.RecordPosition;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchOffsetsTest {

    private static final TopicPartition P0 = new TopicPartition("bp-observations", 0);
    private static final TopicPartition P1 = new TopicPartition("bp-observations", 1);

    private final MockConsumer<Object, Object> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private final BatchOffsets offsets = new BatchOffsets();
    private final MockProducer<byte[], byte[]> transaction = new MockProducer<>();

    @BeforeEach
    void assignPartitions() {
        transaction.initTransactions();
        consumer.assign(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    }

    private void read(TopicPartition partition, long offset) {
        offsets.add(new RecordPosition(consumer, partition, offset, Duration.ofSeconds(1), null));
    }

    @Test
    void addsTheNextOffsetOfEachPartitionTheBatchCoversToTheTransaction() {
        read(P0, 11);
        read(P1, 4);
        read(P0, 12);
        read(P0, 10);

        transaction.beginTransaction();
        offsets.addTo(transaction);
        transaction.commitTransaction();

        assertThat(transaction.consumerGroupOffsetsHistory()).containsExactly(Map.of(consumer.groupMetadata().groupId(),
                Map.of(P0, new OffsetAndMetadata(13), P1, new OffsetAndMetadata(5))));
    }

    @Test
    void aReadAgainSendsTheConsumerBackToItsCommittedOffsets() {
        consumer.commitSync(Map.of(P0, new OffsetAndMetadata(9)));
        consumer.seek(P0, 13);
        consumer.seek(P1, 5);
        ReadEpoch epoch = new ReadEpoch(consumer, Duration.ofSeconds(1));
        offsets.add(new RecordPosition(consumer, P0, 12, Duration.ofSeconds(1), epoch));

        offsets.rereadFromCommitted();

        assertThat(consumer.position(P0)).isEqualTo(9);
        assertThat(consumer.position(P1)).as("nothing committed: the start").isZero();
    }

    @Test
    void anEmptyBatchCommitsNothing() {
        transaction.beginTransaction();
        offsets.addTo(transaction);
        transaction.commitTransaction();

        assertThat(transaction.sentOffsets()).isFalse();
        assertThat(offsets.nextOffsets()).isEmpty();
    }
}
