package io.bpmonitor.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.bpmonitor.deadletter.DeadLetter;
import io.bpmonitor.deadletter.DeadLetterHeaders;
import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.kafka.ConsumedRecord;
import io.bpmonitor.observe.PipelineCounters;
import io.bpmonitor.kafka.ReadEpoch;
import io.bpmonitor.kafka.RecordPosition;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One Kafka transaction per poll: dead letters, classified readings and offsets committed together, or none of them. */
class PollTransactionsTest {

    private static final TopicPartition PARTITION = new TopicPartition("bp-observations", 0);

    private final MockConsumer<Object, Object> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private final ReadEpoch epoch = new ReadEpoch(consumer, Duration.ofSeconds(1));
    private final List<MockProducer<byte[], byte[]>> producers = new ArrayList<>();
    private final PollTransactions transactions = new PollTransactions("bp-observations-dlq", "bp-readings", () -> {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, new ByteArraySerializer(),
                new ByteArraySerializer());
        producers.add(producer);
        return producer;
    }, new PipelineCounters());

    @BeforeEach
    void assign() {
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.seek(PARTITION, 3);
    }

    /** A poll of offsets 0..2 with nothing to index: offset 1 is a dead letter, offset 2 a normal reading of p-2. */
    private IndexedPoll poll() {
        return IndexedPoll.nothingToIndex(pollOf().build());
    }

    private ClassifiedPoll.Builder pollOf() {
        BatchOffsets offsets = new BatchOffsets();
        for (int offset = 0; offset < 3; offset++) {
            offsets.add(new RecordPosition(consumer, PARTITION, offset, Duration.ofSeconds(1), epoch));
        }
        return new ClassifiedPoll.Builder(offsets)
                .deadLetter(new DeadLetter(new ConsumedRecord(PARTITION.topic(), 0, 1, "p-1", Map.of(), new byte[] {9}),
                "not json", "ca.uhn.fhir.parser.DataFormatException", Instant.EPOCH))
                .normal(ClassifiedReading.of(new BloodPressureReading("obs-2", "p-2", null,
                        Instant.parse("2026-11-29T10:00:00Z"), 120, 80), 0, false, false, false));
    }

    private MockProducer<byte[], byte[]> onlyProducer() {
        assertThat(producers).hasSize(1);
        return producers.get(0);
    }

    @Test
    void deadLettersClassifiedReadingsAndOffsetsAreCommittedInOneTransaction() {
        assertThat(transactions.commit(poll())).isTrue();

        MockProducer<byte[], byte[]> producer = onlyProducer();
        assertThat(producer.commitCount()).isEqualTo(1);
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactly("bp-observations-dlq", "bp-readings");
        assertThat(producer.history().get(1).key()).as("keyed by patient").isEqualTo("p-2".getBytes());
        assertThat(producer.history().get(0).headers().lastHeader(DeadLetterHeaders.SOURCE_OFFSET).value())
                .isEqualTo("1".getBytes());
        assertThat(producer.consumerGroupOffsetsHistory()).containsExactly(
                Map.of(consumer.groupMetadata().groupId(), Map.of(PARTITION, new OffsetAndMetadata(3))));
    }

    @Test
    void theNextPollReusesTheProducer() {
        transactions.commit(poll());
        transactions.commit(poll());

        assertThat(onlyProducer().commitCount()).isEqualTo(2);
    }

    @Test
    void aRebalanceAbortsTheTransactionAndReadsThePollAgain() {
        IndexedPoll batch = poll();
        transactions.commit(poll());
        onlyProducer().sendOffsetsToTransactionException = new CommitFailedException("generation moved on");

        assertThat(transactions.commit(batch)).isFalse();

        MockProducer<byte[], byte[]> producer = onlyProducer();
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.commitCount()).as("only the first poll").isEqualTo(1);
        assertThat(consumer.position(PARTITION)).as("read again from the committed offset: none, the start").isZero();
    }

    @Test
    void aFailedSendAbortsAndIsThrownForTheRoutesRetry() {
        transactions.commit(poll());
        onlyProducer().commitTransactionException = new KafkaException("record too large");

        assertThatThrownBy(() -> transactions.commit(poll())).hasMessage("record too large");

        assertThat(onlyProducer().transactionAborted()).isTrue();
        assertThat(onlyProducer().commitCount()).isEqualTo(1);
    }

    @Test
    void aCommitWithoutAnswerIsFinishedOnTheRetryNotStartedAgain() {
        IndexedPoll batch = poll();
        transactions.commit(poll());
        MockProducer<byte[], byte[]> producer = onlyProducer();
        producer.commitTransactionException = new TimeoutException("no answer from the coordinator");

        assertThatThrownBy(() -> transactions.commit(batch)).isInstanceOf(TimeoutException.class);
        producer.commitTransactionException = null;
        assertThat(transactions.commit(batch)).isTrue();

        assertThat(producers).as("the same producer finished it").hasSize(1);
        assertThat(producer.commitCount()).isEqualTo(2);
        assertThat(producer.history()).as("the retry sent nothing again").hasSize(4);
    }

    @Test
    void eachPatientsReadingsOfThePollGoOutAsOneRecordInTheOrderRead() {
        ClassifiedPoll.Builder batch = pollOf();
        int many = ClassifiedReading.MOST_PER_RECORD + 2;
        for (int i = 0; i < many; i++) {
            boolean anomaly = i == many - 1;
            ClassifiedReading reading = ClassifiedReading.of(new BloodPressureReading("obs-3-" + i, "p-3", null,
                    Instant.parse("2026-11-29T10:00:00Z").plusSeconds(i), anomaly ? 150 : 120, 80), 0, anomaly, false, false);
            batch.normal(reading); // what goes out is the same for an anomaly; its document is not published here
        }
        batch.normal(ClassifiedReading.of(new BloodPressureReading("obs-2b", "p-2", null,
                Instant.parse("2026-11-29T10:05:00Z"), 118, 76), 0, false, false, false));

        transactions.commit(IndexedPoll.nothingToIndex(batch.build()));

        List<ProducerRecord<byte[], byte[]>> published = onlyProducer().history().stream()
                .filter(record -> record.topic().equals("bp-readings")).toList();
        assertThat(published).extracting(record -> new String(record.key()), record -> ClassifiedReading
                        .fromJson(record.value()).size(),
                record -> new String(record.headers().lastHeader(ClassifiedReading.ANOMALY_HEADER).value()))
                .as("p-2's two readings together; p-3's in records of at most MOST_PER_RECORD, flagged when one is")
                .containsExactly(tuple("p-2", 2, "false"), tuple("p-3", ClassifiedReading.MOST_PER_RECORD, "false"),
                        tuple("p-3", 2, "true"));
        assertThat(ClassifiedReading.fromJson(published.get(0).value())).extracting(ClassifiedReading::observationId)
                .containsExactly("obs-2", "obs-2b");
        assertThat(ClassifiedReading.fromJson(published.get(2).value())).extracting(ClassifiedReading::observationId)
                .containsExactly("obs-3-" + (many - 2), "obs-3-" + (many - 1));
    }
}
