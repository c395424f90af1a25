package io.bpmonitor.deadletter;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a replay ends, fixed when it starts: per partition of the dead-letter topic, the last dead letter committed by
 * then ({@code read_committed}) that the replay group has not passed yet. Dead letters written later, the replayed
 * records that are refused again among them, are not part of it, so a replay always ends.
 *
 * <p>The last record's offset, not the end offset, marks the end: with transactional dead letters the end offset
 * follows a commit marker, which is never delivered.
 */
public final class ReplayPlan {

    private static final int SCAN_WINDOW = 500;
    private static final Duration SCAN_TIMEOUT = Duration.ofSeconds(60);

    /** Partition to the offset of its last record to settle. */
    private final Map<Integer, Long> lastOffsets;
    private final Map<Integer, Long> settled = new java.util.concurrent.ConcurrentHashMap<>();

    public ReplayPlan(Map<Integer, Long> lastOffsets) {
        this.lastOffsets = new TreeMap<>(lastOffsets);
    }

    /**
     * Reads the plan from Kafka.
     *
     * @param clientConfig the connection's settings (bootstrap servers, security)
     */
    public static ReplayPlan take(Map<String, Object> clientConfig, String topic, String group) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bp-monitor-replay-plan");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, SCAN_TIMEOUT);
            Set<TopicPartition> all = partitions == null ? Set.of() : partitions.stream()
                    .map(info -> new TopicPartition(topic, info.partition())).collect(Collectors.toSet());
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, SCAN_TIMEOUT);
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(all, SCAN_TIMEOUT);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(all, SCAN_TIMEOUT);
            Map<Integer, Long> lastOffsets = new HashMap<>();
            for (TopicPartition partition : all) {
                OffsetAndMetadata position = committed.get(partition);
                long start = Math.max(beginnings.get(partition), position == null ? 0 : position.offset());
                long last = lastRecordOffset(consumer, partition, start, ends.get(partition));
                if (last >= 0) {
                    lastOffsets.put(partition.partition(), last);
                }
            }
            return new ReplayPlan(lastOffsets);
        }
    }

    /** The offset of the last committed record in [start, end), or -1: read backwards a window at a time. */
    private static long lastRecordOffset(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long start,
                                         long end) {
        consumer.assign(List.of(partition));
        long windowEnd = end;
        while (windowEnd > start) {
            long windowStart = Math.max(start, windowEnd - SCAN_WINDOW);
            consumer.seek(partition, windowStart);
            long last = -1;
            long deadline = System.nanoTime() + SCAN_TIMEOUT.toNanos();
            while (consumer.position(partition) < windowEnd) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + partition + " up to offset " + windowEnd
                            + " within " + SCAN_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500)).records(partition)) {
                    if (record.offset() < windowEnd) {
                        last = Math.max(last, record.offset());
                    }
                }
            }
            if (last >= 0) {
                return last;
            }
            windowEnd = windowStart;
        }
        return -1;
    }

    /** Nothing to replay: the group has passed every dead letter there is. */
    public boolean isEmpty() {
        return lastOffsets.isEmpty();
    }

    /** Whether the record at {@code offset} of {@code partition} was there when the replay started. */
    public boolean covers(int partition, long offset) {
        Long last = lastOffsets.get(partition);
        return last != null && offset <= last;
    }

    /** The record at {@code offset} is replayed or skipped, and committed. */
    public void settled(int partition, long offset) {
        settled.merge(partition, offset, Math::max);
    }

    public boolean isComplete() {
        return lastOffsets.entrySet().stream()
                .allMatch(last -> settled.getOrDefault(last.getKey(), -1L) >= last.getValue());
    }

    @Override
    public String toString() {
        return lastOffsets.entrySet().stream().map(last -> "partition " + last.getKey() + " up to offset " + last.getValue())
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
