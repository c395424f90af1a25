package io.bpmonitor.detector;

import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;

/**
 * Builds the bulk request camel-elasticsearch sends: one index operation per anomaly, its id the Observation id (an R4
 * id, so never over Elasticsearch's 512 bytes).
 */
public class BulkRequests {

    private final String index;

    public BulkRequests(String index) {
        this.index = index;
    }

    /** Operations for some of a poll's documents: builders are used once, so every request gets new ones. */
    List<IndexOperation.Builder<?>> operations(List<AnomalyDocument> documents) {
        List<IndexOperation.Builder<?>> operations = new ArrayList<>(documents.size());
        for (AnomalyDocument anomaly : documents) {
            // written once here: the client sends bytes as they are, where it would look up a serializer per value
            operations.add(new IndexOperation.Builder<BinaryData>()
                    .index(index)
                    .id(anomaly.observationId())
                    .document(BinaryData.of(anomaly.toJson(), ContentType.APPLICATION_JSON)));
        }
        return operations;
    }
}
