package io.bpmonitor.detector;

import static io.bpmonitor.testing.BulkItems.failed;
import static io.bpmonitor.testing.BulkItems.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import io.bpmonitor.deadletter.DeadLetter;
import io.bpmonitor.deadletter.DeadLetters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BulkResponseInspectorTest {

    private final DeadLetters deadLetters = new DeadLetters(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    private final IndexingPause pause = new IndexingPause();
    private final AtomicInteger indexRecreations = new AtomicInteger();
    private final BulkResponseInspector inspector =
            new BulkResponseInspector(deadLetters, pause, indexRecreations::incrementAndGet);

    @Test
    void countsIndexedDocuments() {
        ClassifiedPoll batch = ClassifiedPolls.withAnomalies("a", "b");
        List<DeadLetter> refused = new ArrayList<>();

        assertThat(inspector.inspect(List.of(ok("a"), ok("b")), batch, refused)).isEqualTo(2);
        assertThat(refused).isEmpty();
    }

    @Test
    void movesADocumentRefusedForGoodToTheDeadLetters() {
        ClassifiedPoll batch = ClassifiedPolls.withAnomalies("a", "b");
        List<DeadLetter> refused = new ArrayList<>();

        int indexed = inspector.inspect(List.of(ok("a"), failed("b", 400, "document_parsing_exception")), batch, refused);

        assertThat(indexed).isEqualTo(1);
        assertThat(refused).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.reason()).isEqualTo(
                    "rejected by Elasticsearch (400 document_parsing_exception): because");
            assertThat(deadLetter.source().offset()).isEqualTo(1);
        });
    }

    @Test
    void failsTheWholeBulkWhenAnItemIsRefusedForNow() {
        ClassifiedPoll batch = ClassifiedPolls.withAnomalies("a", "b", "c");
        List<DeadLetter> refused = new ArrayList<>();

        assertThatThrownBy(() -> inspector.inspect(List.of(ok("a"), failed("b", 429, "es_rejected_execution_exception"),
                failed("c", 400, "document_parsing_exception")), batch, refused))
                .isInstanceOf(RetryableIndexingException.class)
                .hasMessageStartingWith("1 of 3 documents refused for now");
        // nothing dead-lettered yet: the retry decides
        assertThat(refused).isEmpty();
    }

    @ParameterizedTest(name = "{1} ({0}) is the document's fault")
    @CsvSource({
            "400, document_parsing_exception",
            "400, mapper_parsing_exception",
            "400, strict_dynamic_mapping_exception",
            "400, illegal_argument_exception",
            "400, x_content_parse_exception"})
    void documentFaultsAreDeadLettered(int status, String type) {
        ClassifiedPoll batch = ClassifiedPolls.withAnomalies("a", "b");
        List<DeadLetter> refused = new ArrayList<>();

        assertThat(inspector.inspect(List.of(ok("a"), failed("b", status, type)), batch, refused)).isEqualTo(1);

        assertThat(refused).singleElement()
                .satisfies(deadLetter -> assertThat(deadLetter.reason()).contains(type));
        assertThat(pause.cause()).isEmpty();
    }

    @ParameterizedTest(name = "{1} ({0}) refuses every document")
    @CsvSource({
            "403, cluster_block_exception",
            "429, cluster_block_exception",
            "400, index_closed_exception",
            "404, index_not_found_exception",
            "403, security_exception",
            "401, security_exception",
            "400, some_exception_of_a_later_elasticsearch"})
    void clusterAndIndexFaultsPauseIndexingAndDeadLetterNothing(int status, String type) {
        ClassifiedPoll batch = ClassifiedPolls.withAnomalies("a", "b");
        List<DeadLetter> refused = new ArrayList<>();

        assertThatThrownBy(() -> inspector.inspect(List.of(failed("a", status, type), failed("b", status, type)), batch, refused))
                .isInstanceOf(RetryableIndexingException.class)
                .hasMessageContaining(type + " (" + status + ")")
                .hasMessageNotContaining("because");

        assertThat(refused).isEmpty();
        assertThat(pause.cause()).contains(type + " (" + status + ")");
    }

    @Test
    void oneRefusalOfTheClusterRetriesTheWholeBulkEvenBesideADocumentFault() {
        ClassifiedPoll batch = ClassifiedPolls.withAnomalies("a", "b");
        List<DeadLetter> refused = new ArrayList<>();

        assertThatThrownBy(() -> inspector.inspect(List.of(failed("a", 400, "document_parsing_exception"),
                failed("b", 403, "cluster_block_exception")), batch, refused)).isInstanceOf(RetryableIndexingException.class);

        assertThat(refused).as("decided on the retry, once the cluster accepts").isEmpty();
    }

    @Test
    void aDeletedIndexIsCreatedAgainBeforeTheRetry() {
        ClassifiedPoll batch = ClassifiedPolls.withAnomalies("a");
        List<DeadLetter> refused = new ArrayList<>();

        assertThatThrownBy(() -> inspector.inspect(List.of(failed("a", 404, "index_not_found_exception")), batch, refused))
                .isInstanceOf(RetryableIndexingException.class);

        assertThat(indexRecreations).hasValue(1);
    }

    @Test
    void theIndexingPauseEndsWithTheFirstAcceptedBulk() {
        ClassifiedPoll batch = ClassifiedPolls.withAnomalies("a");
        List<DeadLetter> refused = new ArrayList<>();
        assertThatThrownBy(() -> inspector.inspect(List.of(failed("a", 403, "cluster_block_exception")), batch, refused))
                .isInstanceOf(RetryableIndexingException.class);
        assertThat(pause.cause()).isPresent();

        assertThat(inspector.inspect(List.of(ok("a")), batch, refused)).isEqualTo(1);

        assertThat(pause.cause()).isEmpty();
        assertThat(indexRecreations).as("only a missing index is created").hasValue(0);
    }

    @Test
    void aBulkRefusedAsAWholeForWantOfPrivilegePausesIndexing() {
        ElasticsearchException refusal = new ElasticsearchException("es/bulk", ErrorResponse.of(response -> response
                .status(403).error(error -> error.type("security_exception").reason("action is unauthorized"))));

        assertThatThrownBy(() -> inspector.requestFailed(new CompletionException(refusal)))
                .isInstanceOf(RetryableIndexingException.class).hasMessageContaining("security_exception (403)");

        assertThat(pause.cause()).contains("security_exception (403)");
    }

    @Test
    void aBulkRefusedAsAWholeForWhatItHoldsIsSentInPartsNotPaused() throws Exception {
        ElasticsearchException refusal = new ElasticsearchException("es/bulk", ErrorResponse.of(response -> response
                .status(400).error(error -> error.type("action_request_validation_exception").reason("id too long"))));

        inspector.requestFailed(new CompletionException(refusal));

        assertThat(pause.cause()).isEmpty();
    }

    @Test
    void aBulkWithoutAnswerFailsAsItCame() {
        IOException unreachable = new IOException("Connection refused");

        assertThatThrownBy(() -> inspector.requestFailed(unreachable)).isSameAs(unreachable);

        assertThat(pause.cause()).isEmpty();
    }
}
