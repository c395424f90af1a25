package io.bpmonitor.alerting;

import java.nio.charset.StandardCharsets;
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
 * like the readings, written in checkpoints. A checkpoint is part of a poll's Kafka transaction, with its dead
 * letters, alert events and offsets: the state of every patient changed since the last checkpoint (key
 * {@code topic/patient}) and the partition's position (key {@code topic}: the poll's last offset and event time), so
 * a checkpoint and the offsets it stands for are committed together or not at all. Whoever reads a partition next
 * (after a SIGKILL, a rebalance) reads its state partition to the end: the state as of the last checkpoint, which
 * {@link AlertEngine} brings up to the committed offset by reading the readings in between again. Compaction keeps one
 * record per patient.
 */
public class AlertStateLog {

    private static final Logger LOG = LoggerFactory.getLogger(AlertStateLog.class);
    /**
     * The most readings read again to catch a checkpoint up; a checkpoint further behind was left by a detector with
     * alerts off, and is taken as it is.
     */
    static final long MAX_CATCH_UP = 1_000_000;

    /** A partition's place in the state: the last offset its polls committed, and its event time then. */
    record Position(@JsonProperty("offset") long offset, @JsonProperty("event_time") Instant eventTime) {
    }

    private final CompactedTopic topic;

    public AlertStateLog(CompactedTopic topic) {
        this.topic = topic;
    }

    /**
     * The state of a partition's patients for a poll reading from {@code offset}: as of the last checkpoint before it
     * ({@link PartitionAlerts#nextOffset()} tells from where the readings are to be read again).
     */
    PartitionAlerts load(TopicPartition partition, long offset) throws InterruptedException {
        topic.ensure(partition.topic());
        Restore restore = new Restore(partition);
        topic.readAll(partition.partition(), restore::add);
        return restore.state(offset);
    }

    /** The records of a poll's checkpoints, for its Kafka transaction: the position, each patient changed since. */
    public List<ProducerRecord<byte[], byte[]>> records(AlertChanges changes) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (PartitionChange change : changes.partitions()) {
            if (change.checkpoint() == null) {
                continue;
            }
            TopicPartition partition = change.partition();
            records.add(record(partition, partition.topic(), new Position(change.lastOffset(), change.eventTime())));
            change.checkpoint().forEach((patientId, state) ->
                    records.add(record(partition, patientKey(partition, patientId), state)));
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

        PartitionAlerts state(long offset) {
            if (position == null) {
                return new PartitionAlerts(partition, offset, null, Map.of());
            }
            if (position.offset() >= offset) {
                // committed further on: a poll another detector has committed further since, or a rewind of
                // BP_GROUP_ID's offsets; the readings up to the position were alerted on already
                LOG.info("The alert state of {} is as of offset {}, past offset {} read now: alerts go on from there",
                        partition, position.offset(), offset);
            }
            if (offset - 1 - position.offset() > MAX_CATCH_UP) {
                LOG.warn("The alert state of {} is as of offset {}, the partition is read from {}: the readings between"
                        + " were committed with BP_ALERTS_ENABLED=false", partition, position.offset(), offset);
                return new PartitionAlerts(partition, offset, position.eventTime(), patients);
            }
            return new PartitionAlerts(partition, position.offset() + 1, position.eventTime(), patients);
        }
    }
}
