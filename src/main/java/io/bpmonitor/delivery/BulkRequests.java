package io.bpmonitor.delivery;

import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import co.elastic.clients.util.BinaryData;
import io.bpmonitor.indexing.AnomalyDocument;


/**
 * Builds the bulk request camel-elasticsearch sends: one index operation per anomaly, its id the Observation id (an R4
 * id, so never over Elasticsearch's 512 bytes), then the poll's versioned documents
 * ({@link DetectionBatch#indexWithAnomalies}, the alerts) into their own index.
 */
public class BulkRequests {

    private final String index;

    public BulkRequests(String index) {
        this.index = index;
    }

    public List<IndexOperation.Builder<?>> operations(DetectionBatch batch) {
        return operations(documents(batch));
    }

    /** The poll's documents in request order: {@link AnomalyDocument}s, then {@link DetectionBatch.VersionedDocument}s. */
    List<Object> documents(DetectionBatch batch) {
        List<Object> documents = new ArrayList<>(batch.anomalies());
        documents.addAll(batch.indexedWithAnomalies());
        return documents;
    }

    /** Operations for some of {@link #documents}: builders are used once, so every request gets new ones. */
    List<IndexOperation.Builder<?>> operations(List<Object> documents) {
        List<IndexOperation.Builder<?>> operations = new ArrayList<>(documents.size());
        for (Object document : documents) {
            if (document instanceof AnomalyDocument anomaly) {
                operations.add(new IndexOperation.Builder<AnomalyDocument>()
                        .index(index)
                        .id(anomaly.observationId())
                        .document(anomaly));
            } else if (document instanceof DetectionBatch.VersionedDocument versioned) {
                operations.add(new IndexOperation.Builder<BinaryData>()
                        .index(versioned.index()).id(versioned.id())
                        .version(versioned.version()).versionType(VersionType.ExternalGte)
                        .document(versioned.json()));
            }
        }
        return operations;
    }
}
