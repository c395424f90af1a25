package io.bpmonitor.delivery;

import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import co.elastic.clients.util.BinaryData;
import io.bpmonitor.indexing.AnomalyDocument;


/**
 * Builds the bulk request camel-elasticsearch sends: one index operation per anomaly, its id the Observation id, then
 * the poll's versioned documents ({@link DetectionBatch#indexWithAnomalies}, the alerts) into their own index.
 */
public class BulkRequests {

    private final String index;

    public BulkRequests(String index) {
        this.index = index;
    }

    public List<IndexOperation.Builder<?>> operations(DetectionBatch batch) {
        List<IndexOperation.Builder<?>> operations = new ArrayList<>();
        for (AnomalyDocument document : batch.anomalies()) {
            operations.add(new IndexOperation.Builder<AnomalyDocument>()
                    .index(index)
                    .id(document.observationId())
                    .document(document));
        }
        for (DetectionBatch.VersionedDocument document : batch.indexedWithAnomalies()) {
            operations.add(new IndexOperation.Builder<BinaryData>()
                    .index(document.index()).id(document.id())
                    .version(document.version()).versionType(VersionType.ExternalGte)
                    .document(document.json()));
        }
        return operations;
    }
}
