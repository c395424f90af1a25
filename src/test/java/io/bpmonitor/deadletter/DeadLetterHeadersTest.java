package io.bpmonitor.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bpmonitor.kafka.ConsumedRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

    @Test
    void keepsTheOriginalBytesKeyAndHeadersAndSaysWhy() {
        byte[] original = "{not json".getBytes();
        DeadLetter deadLetter = new DeadLetter(
                new ConsumedRecord("bp-observations", 1, 42, "p-0003",
                        Map.of("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8)), original),
                "not a parsable FHIR resource", "ca.uhn.fhir.parser.DataFormatException",
                Instant.parse("2026-11-29T10:00:00Z"));

        ProducerRecord<byte[], byte[]> record = DeadLetterHeaders.record(deadLetter, "bp-observations-dlq");

        assertThat(record.topic()).isEqualTo("bp-observations-dlq");
        assertThat(record.value()).isSameAs(original);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("p-0003");
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsExactlyInAnyOrderEntriesOf(Map.of(
                "traceparent", "00-abc",
                DeadLetterHeaders.REASON, "not a parsable FHIR resource",
                DeadLetterHeaders.ERROR_CLASS, "ca.uhn.fhir.parser.DataFormatException",
                DeadLetterHeaders.SOURCE_TOPIC, "bp-observations",
                DeadLetterHeaders.SOURCE_PARTITION, "1",
                DeadLetterHeaders.SOURCE_OFFSET, "42",
                DeadLetterHeaders.FAILED_AT, "2026-11-29T10:00:00Z"));
    }

    @Test
    void anEmptyRecordBecomesAnEmptyValueWithoutKey() {
        DeadLetter deadLetter = new DeadLetter(new ConsumedRecord("bp-observations", 0, 7, null, Map.of(), null),
                "empty record", "io.bpmonitor.fhir.InvalidReadingException", Instant.EPOCH);

        ProducerRecord<byte[], byte[]> record = DeadLetterHeaders.record(deadLetter, "dlq");

        assertThat(record.key()).isNull();
        assertThat(record.value()).isEmpty();
    }
}
