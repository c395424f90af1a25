package io.bpmonitor.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bpmonitor.kafka.ConsumedRecord;
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

    /** The headers that say why and from where, in the order they are written. */
    private static Map<String, String> why(DeadLetter deadLetter) {
        ConsumedRecord source = deadLetter.source();
        Map<String, String> why = new LinkedHashMap<>();
        why.put(REASON, deadLetter.reason());
        why.put(ERROR_CLASS, deadLetter.errorClass());
        why.put(SOURCE_TOPIC, source.topic());
        why.put(SOURCE_PARTITION, String.valueOf(source.partition()));
        why.put(SOURCE_OFFSET, String.valueOf(source.offset()));
        why.put(FAILED_AT, deadLetter.failedAt().toString());
        return why;
    }

    public static ProducerRecord<byte[], byte[]> record(DeadLetter deadLetter, String topic) {
        ConsumedRecord source = deadLetter.source();
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, Object> original : source.headers().entrySet()) {
            byte[] value = HEADER_VALUES.serialize(original.getKey(), original.getValue());
            if (value != null) {
                headers.add(original.getKey(), value);
            }
        }
        why(deadLetter).forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        byte[] key = source.key() == null ? null : source.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = source.value() == null ? new byte[0] : source.value();
        return new ProducerRecord<>(topic, null, key, value, headers);
    }

    /** The same dead letter as a Camel message, for routes that publish it with a camel-kafka producer. */
    public static void write(DeadLetter deadLetter, Message message) {
        ConsumedRecord source = deadLetter.source();
        message.getHeaders().clear();
        message.getHeaders().putAll(source.headers());
        if (source.key() != null) {
            message.setHeader(KafkaConstants.KEY, source.key());
        }
        why(deadLetter).forEach(message::setHeader);
        message.setBody(source.value() == null ? new byte[0] : source.value());
    }
}
