package io.bpmonitor.testing;

import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;

/** Items of an Elasticsearch bulk answer, as camel-elasticsearch hands them to the route. */
public final class BulkItems {

    private BulkItems() {
    }

    public static BulkResponseItem ok(String id) {
        return BulkResponseItem.of(item -> item.operationType(OperationType.Index).index("i").id(id).status(201));
    }

    public static BulkResponseItem failed(String id, int status, String type) {
        return BulkResponseItem.of(item -> item.operationType(OperationType.Index).index("i").id(id).status(status)
                .error(ErrorCause.of(error -> error.type(type).reason("because"))));
    }
}
