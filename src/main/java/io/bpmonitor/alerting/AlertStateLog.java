package io.bpmonitor.alerting;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.bpmonitor.alerting.AlertChanges.PartitionChange;
import io.bpmonitor.delivery.CompactedTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the alert state survives the detector: a compacted Kafka topic ({@code BP_ALERT_STATE_TOPIC}) partitioned
 * like the readings. Each poll's Kafka transaction carries, with its dead letters, alert events and offsets, the state
 * of every patient the poll changed (key {@code topic/patient}) and the position of every partition it read (key
 * {@code topic}: the poll's last offset and event time), so the state and the offsets are committed together or not at
 * all. Whoever reads a partition next (after a SIGKILL, a rebalance) reads its state partition to the end and holds
 * the state as of exactly the committed offset; compaction keeps one record per patient.
 */
public class AlertStateLog {

    private static final Logger LOG = LoggerFactory.getLogger(AlertStateLog.class);
    /**
     * How long a load waits, while a transaction is open on the state partition, for the last committed poll's state:
     * its commit reaches the offsets an instant before it reaches the state partition.
     */
    private static final Duration COMMIT_SPREAD = Duration.ofSeconds(10);

    /** A partition's place in the state: the last offset its polls committed, and its event time then. */
    record Position(@JsonProperty("offset") long offset, @JsonProperty("event_time") Instant eventTime) {
    }

    private final CompactedTopic topic;

    public AlertStateLog(CompactedTopic topic) {
        this.topic = topic;
    }

    /** The state of a partition's patients as of {@code offset}: what the poll reading from there starts with. */
    PartitionAlerts load(TopicPartition partition, long offset) throws InterruptedException {
        topic.ensure(partition.topic());
        Restore restore = new Restore(partition);
        topic.read(partition.partition(), restore::add, () -> restore.reached(offset), COMMIT_SPREAD);
        return restore.state(offset);
    }

    /** The records of a poll's changes, for its Kafka transaction: each partition's position, each changed patient. */
    public List<ProducerRecord<byte[], byte[]>> records(AlertChanges changes) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (PartitionChange change : changes.partitions()) {
            TopicPartition partition = change.partition();
            records.add(record(partition, partition.topic(), new Position(change.lastOffset(), change.eventTime())));
            change.patients().forEach((patientId, state) -> records.add(record(partition, patientKey(partition, patientId), state)));
        }
        return records;
    }

    private ProducerRecord<byte[], byte[]> record(TopicPartition partition, String key, Object value) {
        return new ProducerRecord<>(topic.name(), partition.partition(), key.getBytes(StandardCharsets.UTF_8),
                AlertJson.bytes(value));
    }

    private static String patientKey(TopicPartition partition, String patientId) {
        return partition.topic() + "/" + patientId;
    }

    /** A partition's state, put back together record by record from its state partition. */
    static final class Restore {

        private final TopicPartition partition;
        private final String patientPrefix;
        private final Map<String, PatientAlerts> patients = new HashMap<>();
        private Position position;

        Restore(TopicPartition partition) {
            this.partition = partition;
            this.patientPrefix = patientKey(partition, "");
        }

        void add(ConsumerRecord<String, byte[]> record) {
            if (record.key().equals(partition.topic())) {
                position = AlertJson.read(record.value(), Position.class);
            } else if (record.key().startsWith(patientPrefix)) {
                patients.put(record.key().substring(patientPrefix.length()),
                        AlertJson.read(record.value(), PatientAlerts.class));
            }
        }

        boolean reached(long offset) {
            return position != null && position.offset() >= offset - 1;
        }

        PartitionAlerts state(long offset) {
            if (position == null) {
                return new PartitionAlerts(partition, offset, null, Map.of());
            }
            if (position.offset() >= offset) {
                // committed further on, then rewound (BP_GROUP_ID's offsets reset): the past state is not kept, so
                // the alerts are derived afresh; their ids and offset-versioned documents make that a rewrite
                LOG.info("The alert state of {} is as of offset {}, past offset {} read now: alerts derived afresh",
                        partition, position.offset(), offset);
                return new PartitionAlerts(partition, offset, null, Map.of());
            }
            if (position.offset() < offset - 1) {
                LOG.warn("The alert state of {} is as of offset {}, the partition is read from {}: the readings between"
                        + " were committed with BP_ALERTS_ENABLED=false", partition, position.offset(), offset);
            }
            return new PartitionAlerts(partition, offset, position.eventTime(), patients);
        }
    }
}
