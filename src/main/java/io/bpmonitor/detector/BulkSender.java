package io.bpmonitor.detector;

import java.util.List;

import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.ObjectBuilder;

/** Sends one bulk request of index and delete operations and returns its items, or throws what it ended with. */
@FunctionalInterface
public interface BulkSender {

    List<BulkResponseItem> send(List<ObjectBuilder<?>> operations);
}
