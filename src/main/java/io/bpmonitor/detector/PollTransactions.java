package io.bpmonitor.detector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

import io.bpmonitor.deadletter.DeadLetter;
import io.bpmonitor.deadletter.DeadLetterHeaders;
import io.bpmonitor.observe.PipelineCounters;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends every poll with one Kafka transaction: its dead letters, its readings' classifications
 * ({@link ClassifiedPoll#classified}) and its offsets, so a {@code read_committed} reader sees them all or none
 * (docs/delivery.md).
 *
 * <p>One transactional producer per batch in flight, taken from a pool that grows to the number of consumer threads.
 * A transactional id only has to be unique per producer: zombies are fenced by the consumer group generation the
 * offsets carry (KIP-447), not by the id.
 */
public class PollTransactions extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PollTransactions.class);

    private final String deadLetterTopic;
    private final String readingsTopic;
    private final Supplier<Producer<byte[], byte[]>> newProducer;
    private final Deque<Producer<byte[], byte[]>> idle = new ConcurrentLinkedDeque<>();
    private final Set<Producer<byte[], byte[]>> open = ConcurrentHashMap.newKeySet();
    /** Transactions whose commit timed out, by poll: the retry must commit them again, not start others. */
    private final Map<ClassifiedPoll, Producer<byte[], byte[]>> unfinished = new ConcurrentHashMap<>();
    private final PipelineCounters counters;

    /** @param newProducer a transactional producer, {@code initTransactions()} not called yet */
    public PollTransactions(String deadLetterTopic, String readingsTopic,
                            Supplier<Producer<byte[], byte[]>> newProducer, PipelineCounters counters) {
        this.counters = counters;
        this.deadLetterTopic = deadLetterTopic;
        this.readingsTopic = readingsTopic;
        this.newProducer = newProducer;
    }

    /**
     * Any failure aborts the transaction and is thrown, for the detector's retry; a commit whose outcome is unknown
     * (Kafka did not answer in time) is finished on the retry, never started again.
     *
     * @return false when the consumer group rebalanced meanwhile: nothing was committed, and the batch is left to be
     *         read again (by this consumer, from its committed offsets, or by the partitions' new owner)
     */
    public boolean commit(IndexedPoll indexed) {
        ClassifiedPoll batch = indexed.poll();
        Producer<byte[], byte[]> producer = unfinished.remove(batch);
        if (producer == null) {
            producer = borrow();
            try {
                producer.beginTransaction();
                for (ProducerRecord<byte[], byte[]> record : records(indexed)) {
                    producer.send(record);
                }
                batch.offsets().addTo(producer);
            } catch (RuntimeException e) {
                return abandon(producer, batch, e);
            }
        }
        try {
            producer.commitTransaction();
        } catch (TimeoutException | InterruptException e) {
            // the commit may be under way: only committing again is allowed, so the retry finishes this one
            unfinished.put(batch, producer);
            throw e;
        } catch (RuntimeException e) {
            return abandon(producer, batch, e);
        }
        idle.push(producer);
        counters.batchCompleted(batch.readings() + indexed.deadLetters().size(), indexed.indexed(),
                indexed.deadLetters().size());
        return true;
    }

    /** After a failed transaction: aborts it, then either leaves the batch to be re-read or throws for a retry. */
    private boolean abandon(Producer<byte[], byte[]> producer, ClassifiedPoll batch, RuntimeException failure) {
        abort(producer);
        if (failure instanceof CommitFailedException || failure instanceof RebalanceInProgressException
                || failure.getCause() instanceof CommitFailedException) {
            batch.offsets().rereadFromCommitted();
            LOG.warn("Batch not committed, the consumer group rebalanced ({}); it is read again",
                    failure.getClass().getSimpleName());
            return false;
        }
        throw failure;
    }

    List<ProducerRecord<byte[], byte[]>> records(IndexedPoll indexed) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (DeadLetter deadLetter : indexed.deadLetters()) {
            records.add(DeadLetterHeaders.record(deadLetter, deadLetterTopic));
        }
        Map<String, List<ClassifiedReading>> byPatient = new LinkedHashMap<>();
        for (ClassifiedReading reading : indexed.poll().classified()) {
            byPatient.computeIfAbsent(reading.patientId(), patient -> new ArrayList<>()).add(reading);
        }
        byPatient.forEach((patientId, readings) -> {
            byte[] key = patientId.getBytes(StandardCharsets.UTF_8);
            for (int from = 0; from < readings.size(); from += ClassifiedReading.MOST_PER_RECORD) {
                List<ClassifiedReading> some = readings.subList(from,
                        Math.min(readings.size(), from + ClassifiedReading.MOST_PER_RECORD));
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(readingsTopic, key,
                        ClassifiedReading.toJson(some));
                boolean anomaly = some.stream().anyMatch(ClassifiedReading::anomaly);
                record.headers().add(ClassifiedReading.ANOMALY_HEADER,
                        anomaly ? ClassifiedReading.ANOMALOUS : ClassifiedReading.NORMAL);
                if (some.stream().anyMatch(ClassifiedReading::low)) {
                    record.headers().add(ClassifiedReading.LOW_PRESSURE_HEADER, ClassifiedReading.ANOMALOUS);
                }
                records.add(record);
            }
        });
        return records;
    }

    private Producer<byte[], byte[]> borrow() {
        Producer<byte[], byte[]> producer = idle.poll();
        if (producer != null) {
            return producer;
        }
        producer = newProducer.get();
        open.add(producer);
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            discard(producer);
            throw e;
        }
        return producer;
    }

    /** Aborts and keeps the producer; one that cannot abort (fenced, broker gone) is closed and replaced later. */
    private void abort(Producer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
            idle.push(producer);
        } catch (RuntimeException e) {
            LOG.debug("Transaction not aborted ({}); producer closed", e.getClass().getSimpleName());
            discard(producer);
        }
    }

    private void discard(Producer<byte[], byte[]> producer) {
        open.remove(producer);
        producer.close(Duration.ZERO);
    }

    /** Closes every producer, also one left with an unfinished commit (the broker completes or aborts it). */
    @Override
    protected void doStop() {
        idle.clear();
        unfinished.clear();
        open.forEach(Producer::close);
        open.clear();
    }
}
