package io.bpmonitor.detector;

import java.util.Map;

import io.bpmonitor.observe.ReadinessCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness of the detector's indexing: DOWN while Elasticsearch refuses every document (a write block, a closed or
 * deleted index, a lost privilege), with the refusal's type and status as the message; UP again when a bulk is
 * accepted. The cluster can be green meanwhile, so {@link ElasticsearchHealthCheck} alone would not tell.
 */
public class IndexingHealthCheck extends ReadinessCheck {

    /** The id this check has in {@code /observe/health}. */
    public static final String ID = "indexing";

    public IndexingHealthCheck() {
        super(ID, 0);
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        IndexingPause pause = getCamelContext().getRegistry().lookupByNameAndType("indexingPause", IndexingPause.class);
        if (pause == null || pause.cause().isEmpty()) {
            builder.up();
            return;
        }
        builder.message("Elasticsearch refuses every document for now: " + pause.cause().get()).down();
    }
}
