package io.bpmonitor.detector;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Elasticsearch refuses every document for now, for readiness and the log (docs/operations.md#health). The
 * cause names Elasticsearch's error type and status, never a payload.
 */
public class IndexingPause {

    private static final Logger LOG = LoggerFactory.getLogger(IndexingPause.class);

    // swapped atomically: the detector's consumer threads meet the same refusal at once, and only one may log it
    private final AtomicReference<String> cause = new AtomicReference<>();

    void refusedBy(String refusal) {
        if (!refusal.equals(cause.getAndSet(refusal))) {
            LOG.warn("Elasticsearch refuses every document for now: {}; indexing paused, nothing committed, retrying "
                    + "until it clears", refusal);
        }
    }

    void accepted() {
        if (cause.getAndSet(null) != null) {
            LOG.info("Elasticsearch accepts documents again; indexing resumed");
        }
    }

    /** Why indexing is paused, or empty while Elasticsearch accepts documents. */
    public Optional<String> cause() {
        return Optional.ofNullable(cause.get());
    }
}
