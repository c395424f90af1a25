package io.bpmonitor.delivery;

import java.time.Instant;

import io.bpmonitor.detection.BloodPressureReading;

/**
 * A reading and when it arrived: its Kafka record's timestamp, null when the record has none. An alert stays open for
 * its quiet period after the later of its last reading's effective time and that reading's arrival.
 */
public record ArrivedReading(BloodPressureReading reading, Instant arrivedAt) {

    static ArrivedReading of(BloodPressureReading reading, long arrivedAtMillis) {
        return new ArrivedReading(reading, arrivedAtMillis < 0 ? null : Instant.ofEpochMilli(arrivedAtMillis));
    }
}
