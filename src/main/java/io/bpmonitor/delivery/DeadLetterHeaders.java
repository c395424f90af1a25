package io.bpmonitor.delivery;

import java.util.Map;

import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Writes a {@link DeadLetter} as the message sent to the dead-letter topic: the original bytes, the original headers,
 * the original key, and headers that say why and from where.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "dlq.reason";
    public static final String ERROR_CLASS = "dlq.error.class";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    public static final String FAILED_AT = "dlq.failed.at";

    private DeadLetterHeaders() {
    }

    public static void write(DeadLetter deadLetter, Message message) {
        SourceRecord source = deadLetter.source();
        message.getHeaders().clear();
        for (Map.Entry<String, Object> original : source.headers().entrySet()) {
            message.setHeader(original.getKey(), original.getValue());
        }
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
}
