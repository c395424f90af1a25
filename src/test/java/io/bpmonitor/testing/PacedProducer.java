package io.bpmonitor.testing;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A sensor gateway streaming records at a steady rate in the background, so faults can be injected while the detector
 * is busy ("mid-stream"). Idempotent, {@code acks=all}, retrying across a broker restart; remembers where each record
 * landed (partition, offset) for the assertions.
 */
public final class PacedProducer implements AutoCloseable {

    private final int count;
    private final IntFunction<ProducerRecord<String, byte[]>> records;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReferenceArray<RecordMetadata> landed;
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
    private final Thread thread;

    private PacedProducer(int count, IntFunction<ProducerRecord<String, byte[]>> records, boolean keepLanded,
                          int perSecond) {
        this.count = count;
        this.records = records;
        this.landed = keepLanded ? new AtomicReferenceArray<>(count) : null;
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.kafkaBootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(properties);
        this.thread = new Thread(() -> run(perSecond), "paced-producer");
        this.thread.setDaemon(true);
    }

    /** Starts sending {@code records} in order, {@code perSecond} of them per second, in chunks every 50 ms. */
    public static PacedProducer start(List<ProducerRecord<String, byte[]>> records, int perSecond) {
        List<ProducerRecord<String, byte[]>> copy = List.copyOf(records);
        return start(new PacedProducer(copy.size(), copy::get, true, perSecond));
    }

    /**
     * A stream too long to keep: record {@code i} is made by {@code records}, in order, on the producer's thread, just
     * before it is sent; where each landed is not kept ({@link #metadata} is not available).
     */
    public static PacedProducer stream(int count, IntFunction<ProducerRecord<String, byte[]>> records, int perSecond) {
        return start(new PacedProducer(count, records, false, perSecond));
    }

    private static PacedProducer start(PacedProducer producer) {
        producer.thread.start();
        return producer;
    }

    private void run(int perSecond) {
        int chunk = Math.max(1, perSecond / 20);
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (i % chunk == 0) {
                // workload shaping, not synchronisation: chunk n leaves at n * 50 ms
                long due = started + (long) (i / chunk) * 50_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            int index = i;
            producer.send(records.apply(i), (metadata, error) -> {
                if (error != null) {
                    failures.add(error);
                } else {
                    if (landed != null) {
                        landed.set(index, metadata);
                    }
                    acknowledged.incrementAndGet();
                }
            });
        }
        producer.flush();
    }

    /** How many records the broker has acknowledged so far. */
    public int acknowledged() {
        return acknowledged.get();
    }

    /** Waits until every record is acknowledged; fails on any send error. */
    public PacedProducer awaitAllAcknowledged(Duration timeout) {
        Poll.until(timeout, () -> {
            if (!failures.isEmpty()) {
                throw new AssertionError("send failed: " + failures.peek(), failures.peek());
            }
            return acknowledged.get() == count;
        }, "all " + count + " records acknowledged");
        return this;
    }

    /** Where record {@code index} landed; null while unacknowledged. */
    public RecordMetadata metadata(int index) {
        if (landed == null) {
            throw new IllegalStateException("a stream does not keep where its records landed");
        }
        return landed.get(index);
    }

    @Override
    public void close() {
        thread.interrupt();
        producer.close(Duration.ofSeconds(10));
    }
}
