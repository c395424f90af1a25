package io.bpmonitor.detector;

import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch.core.bulk.DeleteOperation;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import co.elastic.clients.util.ObjectBuilder;

/**
 * Builds the bulk request camel-elasticsearch sends: one index operation per anomaly, its id the Observation id (an R4
 * id, so never over Elasticsearch's 512 bytes), and one delete operation per anomaly withdrawn or corrected to normal.
 */
public class BulkRequests {

    private final String index;

    public BulkRequests(String index) {
        this.index = index;
    }

    /**
     * Operations for some of a poll's documents and the ids to delete: builders are used once, so every request gets
     * new ones. A delete of a document that is not there is no error: a withdrawn reading need not have been an anomaly.
     */
    List<ObjectBuilder<?>> operations(List<AnomalyDocument> documents, List<String> deletions) {
        List<ObjectBuilder<?>> operations = new ArrayList<>(documents.size() + deletions.size());
        for (AnomalyDocument anomaly : documents) {
            // written once here: the client sends bytes as they are, where it would look up a serializer per value
            operations.add(new IndexOperation.Builder<BinaryData>()
                    .index(index)
                    .id(anomaly.observationId())
                    .document(BinaryData.of(anomaly.toJson(), ContentType.APPLICATION_JSON)));
        }
        for (String observationId : deletions) {
            operations.add(new DeleteOperation.Builder().index(index).id(observationId));
        }
        return operations;
    }
}
