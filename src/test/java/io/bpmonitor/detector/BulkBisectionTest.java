package io.bpmonitor.detector;

import static io.bpmonitor.testing.BulkItems.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import io.bpmonitor.deadletter.DeadLetter;
import io.bpmonitor.deadletter.DeadLetters;
import org.junit.jupiter.api.Test;

/**
 * A bulk request refused whole for one document's sake: split until the document stands alone, dead-lettered with
 * Elasticsearch's reason, every other document indexed in the same attempt; the cluster's refusals are not split.
 */
class BulkBisectionTest {

    private final DeadLetters deadLetters = new DeadLetters(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    private final List<Integer> requestSizes = new ArrayList<>();

    private static ElasticsearchException refusal(int status, String type, String reason) {
        return new ElasticsearchException("es/bulk", ErrorResponse.of(response -> response
                .status(status).error(error -> error.type(type).reason(reason))));
    }

    /** Elasticsearch as far as the test cares: a request holding one of {@code poisoned} is refused whole. */
    private BulkBisection bisection(Set<String> poisoned, RuntimeException refusal) {
        return new BulkBisection(new BulkRequests("bp_anomalies"), operations -> {
            requestSizes.add(operations.size());
            List<BulkResponseItem> items = new ArrayList<>();
            for (Object operation : operations) {
                String id = ((IndexOperation.Builder<?>) operation).build().id();
                if (poisoned.contains(id)) {
                    throw new CompletionException(refusal); // as the client's future fails
                }
                items.add(ok(id));
            }
            return items;
        }, deadLetters);
    }

    private static String[] ids(int count) {
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = "o-" + i;
        }
        return ids;
    }

    @Test
    void oneDocumentInFiveThousandIsDeadLetteredAndTheOthersIndexed() {
        ClassifiedPoll batch = ClassifiedPolls.withAnomalies(ids(5_000));
        List<DeadLetter> refused = new ArrayList<>();
        ElasticsearchException tooLong = refusal(400, "action_request_validation_exception",
                "Validation Failed: 1: id [" + "x".repeat(600) + "] is too long, must be no longer than 512 bytes;");

        List<BulkResponseItem> items = bisection(Set.of("o-3217"), tooLong).sendInParts(batch, refused);

        assertThat(items).hasSize(4_999).extracting(BulkResponseItem::id).doesNotContain("o-3217");
        assertThat(refused).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.source().offset()).isEqualTo(3_217);
            assertThat(deadLetter.reason()).startsWith("rejected by Elasticsearch (400 action_request_validation_exception):"
                    + " Validation Failed: 1: id [xxx").endsWith("…")
                    .hasSizeLessThan(BulkBisection.REASON_CHARACTERS + 80);
        });
        assertThat(requestSizes).as("halves down to the one document: about 2 log2(5000) requests")
                .hasSizeLessThanOrEqualTo(2 * 13 + 1).contains(1);
    }

    @Test
    void twoDocumentsAtFaultAreBothFound() {
        ClassifiedPoll batch = ClassifiedPolls.withAnomalies(ids(100));
        List<DeadLetter> refused = new ArrayList<>();

        List<BulkResponseItem> items = bisection(Set.of("o-0", "o-99"), refusal(413, "content_too_long", "too long"))
                .sendInParts(batch, refused);

        assertThat(items).hasSize(98);
        assertThat(refused).extracting(deadLetter -> deadLetter.source().offset()).containsExactly(0L, 99L);
    }

    @Test
    void theClustersRefusalsAndFailuresAreNotSplit() {
        ClassifiedPoll batch = ClassifiedPolls.withAnomalies(ids(10));
        List<DeadLetter> refused = new ArrayList<>();
        ElasticsearchException blocked = refusal(403, "cluster_block_exception", "index [bp_anomalies] blocked");

        assertThatThrownBy(() -> bisection(Set.of("o-1"), new CompletionException(blocked)).sendInParts(batch, refused))
                .hasRootCauseInstanceOf(ElasticsearchException.class);
        assertThat(requestSizes).containsExactly(5);
        assertThat(refused).isEmpty();
    }

    @Test
    void aRequestRefusedForWhatItHoldsIsToldFromTheClustersRefusal() {
        assertThat(BulkResponseInspector.refusalOfTheRequest(new CompletionException(
                refusal(400, "action_request_validation_exception", "id too long")))).isNotNull();
        assertThat(BulkResponseInspector.refusalOfTheRequest(refusal(413, "content_too_long", "too long"))).isNotNull();
        assertThat(BulkResponseInspector.refusalOfTheRequest(refusal(400, "invalid_index_name_exception", "x"))).isNull();
        assertThat(BulkResponseInspector.refusalOfTheRequest(refusal(403, "security_exception", "x"))).isNull();
        assertThat(BulkResponseInspector.refusalOfTheRequest(refusal(429, "es_rejected_execution_exception", "x")))
                .isNull();
        assertThat(BulkResponseInspector.refusalOfTheRequest(new java.io.UncheckedIOException(
                new java.io.IOException("Connection refused")))).isNull();
    }
}
