package io.bpmonitor.delivery;

import io.bpmonitor.indexing.AnomalyDocument;

import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;


/** Builds the bulk request camel-elasticsearch sends: one index operation per anomaly, its id the Observation id. */
public class BulkRequests {

    private final String index;

    public BulkRequests(String index) {
        this.index = index;
    }

    public List<IndexOperation.Builder<AnomalyDocument>> operations(DetectionBatch batch) {
        List<IndexOperation.Builder<AnomalyDocument>> operations = new ArrayList<>();
        for (AnomalyDocument document : batch.anomalies()) {
            operations.add(new IndexOperation.Builder<AnomalyDocument>()
                    .index(index)
                    .id(document.observationId())
                    .document(document));
        }
        return operations;
    }
}
