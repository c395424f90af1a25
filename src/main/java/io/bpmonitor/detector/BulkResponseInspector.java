package io.bpmonitor.detector;

import java.util.List;
import java.util.Set;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import io.bpmonitor.deadletter.DeadLetter;
import io.bpmonitor.deadletter.DeadLetters;

/**
 * Reads every item of a bulk response, because camel-elasticsearch does not fail the exchange when single items fail,
 * and tells whose fault a refusal is: the document's goes to the dead letters; the cluster's or the index's, or one
 * for now (429, 5xx), fails the whole bulk for its retry, so no good reading is set aside for an operator's mistake
 * (docs/delivery.md).
 */
public class BulkResponseInspector {

    /** Error types that belong to one document: anything else refuses every document. */
    static final Set<String> DOCUMENT_FAULTS = Set.of("document_parsing_exception", "mapper_parsing_exception",
            "strict_dynamic_mapping_exception", "illegal_argument_exception", "x_content_parse_exception",
            "mapper_exception", "json_parse_exception", "version_conflict_engine_exception");

    /** Refusals of the cluster or the index whatever their status (a disk-full block answers 429). */
    static final Set<String> CLUSTER_FAULTS = Set.of("cluster_block_exception", "index_closed_exception",
            "index_not_found_exception", "security_exception", "invalid_index_name_exception");

    /** Statuses that say the request, not the document, was refused: unauthenticated, forbidden, no such index. */
    private static final Set<Integer> CLUSTER_STATUSES = Set.of(401, 403, 404);

    private final DeadLetters deadLetters;
    private final IndexingPause pause;
    private final Runnable recreateIndex;

    /** @param recreateIndex creates the index with its mapping when it is missing (and does nothing otherwise) */
    public BulkResponseInspector(DeadLetters deadLetters, IndexingPause pause, Runnable recreateIndex) {
        this.deadLetters = deadLetters;
        this.pause = pause;
        this.recreateIndex = recreateIndex;
    }

    /**
     * @param refused where a document refused for its own fault goes, as a dead letter
     * @return how many anomalies were indexed
     */
    public int inspect(List<BulkResponseItem> items, ClassifiedPoll poll, List<DeadLetter> refused) {
        int transientFailures = 0;
        for (BulkResponseItem item : items) {
            ErrorCause error = item.error();
            if (error != null && isClusterFault(item.status(), error.type())) {
                throw refusedByCluster(error.type(), item.status());
            }
            if (error != null && isTransient(item.status())) {
                transientFailures++;
            }
        }
        if (transientFailures > 0) {
            throw new RetryableIndexingException(transientFailures + " of " + items.size()
                    + " documents refused for now (429/5xx), bulk retried");
        }
        pause.accepted();
        int indexed = 0;
        for (BulkResponseItem item : items) {
            ErrorCause error = item.error();
            if (error == null) {
                indexed += item.operationType() == OperationType.Index ? 1 : 0;
            } else {
                refused.add(poll.refused(item.id(), deadLetters, "rejected by Elasticsearch (" + item.status() + " "
                        + error.type() + "): " + error.reason()));
            }
        }
        return indexed;
    }

    /**
     * A bulk request that failed as a whole. A refusal of the cluster (e.g. a user without any write privilege is
     * refused the bulk action itself) pauses indexing as when every item is refused. A refusal of what the request
     * holds ({@link #refusalOfTheRequest}) returns, and the request is sent again in parts ({@link BulkBisection}).
     * Anything else (no answer, 429, 5xx) is thrown as it came, for the same retry.
     */
    public void requestFailed(Exception failure) throws Exception {
        if (refusalOfTheRequest(failure) != null) {
            return;
        }
        ElasticsearchException refusal = refusal(failure);
        if (refusal != null && isClusterFault(refusal.status(), refusal.error().type())) {
            throw refusedByCluster(refusal.error().type(), refusal.status());
        }
        throw failure;
    }

    /**
     * Elasticsearch's refusal of a whole request for what it holds, not for who sent it or where (400 or 413 of a type
     * that is not the cluster's): one document can cause it, so the request is worth splitting. Null otherwise.
     */
    static ElasticsearchException refusalOfTheRequest(Throwable failure) {
        ElasticsearchException refusal = refusal(failure);
        return refusal != null && (refusal.status() == 400 || refusal.status() == 413)
                && !CLUSTER_FAULTS.contains(refusal.error().type()) ? refusal : null;
    }

    private static ElasticsearchException refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ElasticsearchException refusal && refusal.error() != null) {
                return refusal;
            }
        }
        return null;
    }

    private RetryableIndexingException refusedByCluster(String type, int status) {
        String cause = type + " (" + status + ")";
        pause.refusedBy(cause);
        if ("index_not_found_exception".equals(type)) {
            recreateIndex.run();
        }
        return new RetryableIndexingException("Elasticsearch refuses every document for now: " + cause
                + ", bulk retried");
    }

    static boolean isTransient(int status) {
        return status == 429 || status >= 500;
    }

    /** A refusal of the cluster or the index, not of the document: retried like a transient one, never dead-lettered. */
    static boolean isClusterFault(int status, String type) {
        return CLUSTER_FAULTS.contains(type)
                || !isTransient(status) && (CLUSTER_STATUSES.contains(status) || !DOCUMENT_FAULTS.contains(type));
    }
}
