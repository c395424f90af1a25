package io.bpmonitor.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * What one poll did to the alerts: per partition the patients whose state changed (to cache once the poll is
 * committed, and to checkpoint with its offsets), and the events to publish. The alerts' documents go with the poll's
 * anomalies ({@link io.bpmonitor.delivery.DetectionBatch#indexWithAnomalies}).
 */
public record AlertChanges(List<PartitionChange> partitions, List<Alert> events) {

    /**
     * One partition's part of the poll, read from {@code firstOffset} to {@code lastOffset}: its event time after the
     * poll and the patients whose state changed.
     *
     * @param checkpoint when the poll is a checkpoint, every patient changed since the last one, as of this poll
     *                   ({@link AlertStateLog}); else null
     */
    public record PartitionChange(TopicPartition partition, long firstOffset, long lastOffset, Instant eventTime,
                                  Map<String, PatientAlerts> patients, Map<String, PatientAlerts> checkpoint) {
    }
}
