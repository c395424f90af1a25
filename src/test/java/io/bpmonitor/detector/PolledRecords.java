package io.bpmonitor.detector;

import java.time.Duration;

import io.bpmonitor.kafka.ReadEpoch;
import io.bpmonitor.kafka.RecordPosition;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Records of a poll as camel-kafka hands them to the detector's route, for route tests with a stand-in consumer. */
public final class PolledRecords {

    private PolledRecords() {
    }

    /** One record: its place, key and bytes, and the {@link RecordPosition} of the consumer that read it. */
    public static Exchange record(CamelContext context, ReadEpoch epoch, Consumer<?, ?> consumer,
                                  TopicPartition partition, long offset, String key, byte[] value) {
        Exchange record = new DefaultExchange(context);
        record.getMessage().setHeader(KafkaConstants.TOPIC, partition.topic());
        record.getMessage().setHeader(KafkaConstants.PARTITION, partition.partition());
        record.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        record.getMessage().setHeader(KafkaConstants.KEY, key);
        record.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT,
                new RecordPosition(consumer, partition, offset, Duration.ofSeconds(1), epoch));
        record.getMessage().setBody(value);
        return record;
    }
}
