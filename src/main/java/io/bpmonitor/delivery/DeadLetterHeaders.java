package io.bpmonitor.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

import org.apache.camel.component.kafka.serde.DefaultKafkaHeaderSerializer;
import org.apache.camel.component.kafka.serde.KafkaHeaderSerializer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a {@link DeadLetter} as the record sent to the dead-letter topic: the original bytes, the original headers,
 * the original key, and headers that say why and from where. Header values are serialized as camel-kafka serializes
 * them (its {@link DefaultKafkaHeaderSerializer}), the key as camel-kafka's default string serializer does.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "dlq.reason";
    public static final String ERROR_CLASS = "dlq.error.class";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    public static final String FAILED_AT = "dlq.failed.at";

    private static final KafkaHeaderSerializer HEADER_VALUES = new DefaultKafkaHeaderSerializer();

    private DeadLetterHeaders() {
    }

    public static ProducerRecord<byte[], byte[]> record(DeadLetter deadLetter, String topic) {
        SourceRecord source = deadLetter.source();
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, Object> original : source.headers().entrySet()) {
            byte[] value = HEADER_VALUES.serialize(original.getKey(), original.getValue());
            if (value != null) {
                headers.add(original.getKey(), value);
            }
        }
        add(headers, REASON, deadLetter.reason());
        add(headers, ERROR_CLASS, deadLetter.errorClass());
        add(headers, SOURCE_TOPIC, source.topic());
        add(headers, SOURCE_PARTITION, String.valueOf(source.partition()));
        add(headers, SOURCE_OFFSET, String.valueOf(source.offset()));
        add(headers, FAILED_AT, deadLetter.failedAt().toString());
        byte[] key = source.key() == null ? null : source.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = source.value() == null ? new byte[0] : source.value();
        return new ProducerRecord<>(topic, null, key, value, headers);
    }

    /** The same dead letter as a Camel message, for routes that publish it with a camel-kafka producer. */
    public static void write(DeadLetter deadLetter, Message message) {
        SourceRecord source = deadLetter.source();
        message.getHeaders().clear();
        message.getHeaders().putAll(source.headers());
        if (source.key() != null) {
            message.setHeader(KafkaConstants.KEY, source.key());
        }
        message.setHeader(REASON, deadLetter.reason());
        message.setHeader(ERROR_CLASS, deadLetter.errorClass());
        message.setHeader(SOURCE_TOPIC, source.topic());
        message.setHeader(SOURCE_PARTITION, String.valueOf(source.partition()));
        message.setHeader(SOURCE_OFFSET, String.valueOf(source.offset()));
        message.setHeader(FAILED_AT, deadLetter.failedAt().toString());
        message.setBody(source.value() == null ? new byte[0] : source.value());
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
