package io.bpmonitor.kafka;

import java.util.Map;

/**
 * A consumed Kafka record as the detector keeps it: the original bytes and headers (so a dead letter carries them
 * unchanged) and where it came from.
 */
public record ConsumedRecord(String topic, int partition, long offset, String key, Map<String, Object> headers,
                           byte[] value) {
}
