package io.bpmonitor.testing;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

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

    private final List<ProducerRecord<String, byte[]>> records;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReferenceArray<RecordMetadata> landed;
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
    private final Thread thread;

    private PacedProducer(List<ProducerRecord<String, byte[]>> records, int perSecond) {
        this.records = List.copyOf(records);
        this.landed = new AtomicReferenceArray<>(records.size());
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
        PacedProducer producer = new PacedProducer(records, perSecond);
        producer.thread.start();
        return producer;
    }

    private void run(int perSecond) {
        int chunk = Math.max(1, perSecond / 20);
        long started = System.nanoTime();
        for (int i = 0; i < records.size(); i++) {
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
            producer.send(records.get(i), (metadata, error) -> {
                if (error != null) {
                    failures.add(error);
                } else {
                    landed.set(index, metadata);
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
            return acknowledged.get() == records.size();
        }, "all " + records.size() + " records acknowledged");
        return this;
    }

    /** Where record {@code index} landed; null while unacknowledged. */
    public RecordMetadata metadata(int index) {
        return landed.get(index);
    }

    @Override
    public void close() {
        thread.interrupt();
        producer.close(Duration.ofSeconds(10));
    }
}
