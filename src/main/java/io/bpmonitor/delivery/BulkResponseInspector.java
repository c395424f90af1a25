package io.bpmonitor.delivery;

import java.util.List;

import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;



import org.apache.camel.ExchangeProperty;

/**
 * Reads every item of a bulk response, because camel-elasticsearch does not fail the exchange when single items fail.
 * A transient item failure (429, 5xx) fails the whole bulk so it is retried; a document Elasticsearch refuses for good
 * (a mapping error, any other 4xx) is moved to the dead letters.
 */
public class BulkResponseInspector {

    private final DeadLetters deadLetters;

    public BulkResponseInspector(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** @return how many documents were indexed */
    public int inspect(List<BulkResponseItem> items,
                       @ExchangeProperty(BatchCompletion.BATCH_PROPERTY) DetectionBatch batch) {
        int transientFailures = 0;
        for (BulkResponseItem item : items) {
            if (item.error() != null && isTransient(item.status())) {
                transientFailures++;
            }
        }
        if (transientFailures > 0) {
            throw new RetryableIndexingException(transientFailures + " of " + items.size()
                    + " documents refused for now (429/5xx), bulk retried");
        }
        int indexed = 0;
        for (BulkResponseItem item : items) {
            ErrorCause error = item.error();
            if (error == null) {
                indexed++;
            } else {
                batch.reject(item.id(), deadLetters, "rejected by Elasticsearch (" + item.status() + " "
                        + error.type() + "): " + error.reason());
            }
        }
        return indexed;
    }

    static boolean isTransient(int status) {
        return status == 429 || status >= 500;
    }
}
