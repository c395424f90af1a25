package io.bpmonitor.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

    @Test
    void keepsTheOriginalBytesKeyAndHeadersAndSaysWhy() {
        byte[] original = "{not json".getBytes();
        DeadLetter deadLetter = new DeadLetter(
                new SourceRecord("bp-observations", 1, 42, "p-0003", Map.of("traceparent", "00-abc"), original),
                "not a parsable FHIR resource", "ca.uhn.fhir.parser.DataFormatException",
                Instant.parse("2026-11-29T10:00:00Z"));
        Message message = new DefaultMessage(new DefaultCamelContext());
        message.setHeader("left-over", "from the batch");

        DeadLetterHeaders.write(deadLetter, message);

        assertThat(message.getBody()).isSameAs(original);
        assertThat(message.getHeaders()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "traceparent", "00-abc",
                KafkaConstants.KEY, "p-0003",
                DeadLetterHeaders.REASON, "not a parsable FHIR resource",
                DeadLetterHeaders.ERROR_CLASS, "ca.uhn.fhir.parser.DataFormatException",
                DeadLetterHeaders.SOURCE_TOPIC, "bp-observations",
                DeadLetterHeaders.SOURCE_PARTITION, "1",
                DeadLetterHeaders.SOURCE_OFFSET, "42",
                DeadLetterHeaders.FAILED_AT, "2026-11-29T10:00:00Z"));
    }
}
