package io.bpmonitor.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/** Opens a camel-kafka batch (one exchange per polled record) into {@link SourceRecord}s for the detector's split. */
public class KafkaBatch {

    public List<SourceRecord> records(List<Exchange> batch) {
        List<SourceRecord> records = new ArrayList<>(batch.size());
        for (Exchange exchange : batch) {
            records.add(toSourceRecord(exchange.getMessage()));
        }
        return records;
    }

    /** The per-partition offsets a batch covers, to commit once all of it is handled. */
    public BatchOffsets offsets(List<Exchange> batch) {
        BatchOffsets offsets = new BatchOffsets();
        for (Exchange exchange : batch) {
            offsets.add(exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, RecordPosition.class));
        }
        return offsets;
    }

    /** After a failed batch: read it again from its first record (see {@link BatchOffsets#rewind()}). */
    public void rewind(@ExchangeProperty(DetectionBatchCollector.OFFSETS_PROPERTY) BatchOffsets offsets) {
        if (offsets != null) {
            offsets.rewind();
        }
    }

    private static SourceRecord toSourceRecord(Message message) {
        Map<String, Object> originalHeaders = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            // camel-kafka's own headers describe the record; only the producer's headers travel with it
            if (!name.startsWith("kafka.") && !name.startsWith("Camel")) {
                originalHeaders.put(name, value);
            }
        });
        Object key = message.getHeader(KafkaConstants.KEY);
        return new SourceRecord(
                message.getHeader(KafkaConstants.TOPIC, String.class),
                message.getHeader(KafkaConstants.PARTITION, Integer.class),
                message.getHeader(KafkaConstants.OFFSET, Long.class),
                key == null ? null : key.toString(),
                originalHeaders,
                message.getBody(byte[].class));
    }
}
