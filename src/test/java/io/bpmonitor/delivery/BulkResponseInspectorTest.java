package io.bpmonitor.delivery;

import static io.bpmonitor.delivery.BulkItems.failed;
import static io.bpmonitor.delivery.BulkItems.ok;

import io.bpmonitor.indexing.AnomalyDocument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import io.bpmonitor.delivery.DeadLetters;
import io.bpmonitor.delivery.DetectionBatch;
import io.bpmonitor.delivery.DetectionBatchFixtures;
import org.junit.jupiter.api.Test;

class BulkResponseInspectorTest {

    private final DeadLetters deadLetters = new DeadLetters(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    private final BulkResponseInspector inspector = new BulkResponseInspector(deadLetters);

    @Test
    void countsIndexedDocuments() {
        DetectionBatch batch = DetectionBatchFixtures.withAnomalies("a", "b");

        assertThat(inspector.inspect(List.of(ok("a"), ok("b")), batch)).isEqualTo(2);
        assertThat(batch.deadLetters()).isEmpty();
    }

    @Test
    void movesADocumentRefusedForGoodToTheDeadLetters() {
        DetectionBatch batch = DetectionBatchFixtures.withAnomalies("a", "b");

        int indexed = inspector.inspect(List.of(ok("a"), failed("b", 400, "document_parsing_exception")), batch);

        assertThat(indexed).isEqualTo(1);
        assertThat(batch.anomalies()).extracting(AnomalyDocument::observationId).containsExactly("a");
        assertThat(batch.deadLetters()).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.reason()).isEqualTo(
                    "rejected by Elasticsearch (400 document_parsing_exception): because");
            assertThat(deadLetter.source().offset()).isEqualTo(1);
        });
    }

    @Test
    void failsTheWholeBulkWhenAnItemIsRefusedForNow() {
        DetectionBatch batch = DetectionBatchFixtures.withAnomalies("a", "b", "c");

        assertThatThrownBy(() -> inspector.inspect(List.of(ok("a"), failed("b", 429, "es_rejected_execution_exception"),
                failed("c", 400, "document_parsing_exception")), batch))
                .isInstanceOf(RetryableIndexingException.class)
                .hasMessageStartingWith("1 of 3 documents refused for now");
        // nothing dead-lettered yet: the retry decides
        assertThat(batch.deadLetters()).isEmpty();
        assertThat(batch.anomalies()).hasSize(3);
    }
}
