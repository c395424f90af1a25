package io.bpmonitor.alerts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the alert index a projection of the alert topic ({@code routes/alerts.yaml}), each document written with its
 * event's revision as an external version, so an older event never overwrites a newer one: Elasticsearch's 409 is no
 * error. Any other refusal is thrown, and the route retries the poll: an alert is never skipped.
 */
public class AlertProjection {

    private static final Logger LOG = LoggerFactory.getLogger(AlertProjection.class);

    private final String index;

    public AlertProjection(String index) {
        this.index = index;
    }

    /**
     * One index operation per alert of the poll, its newest event. A record without a revision was published by a
     * previous release, which indexed it itself: it is left out.
     */
    public List<IndexOperation.Builder<?>> operations(@Body List<Exchange> records) {
        Map<String, Versioned> newest = new LinkedHashMap<>();
        for (Exchange record : records) {
            Message message = record.getMessage();
            long revision = AlertEvent.revision(message.getHeader(AlertEvent.REVISION_HEADER));
            byte[] json = message.getBody(byte[].class);
            if (revision < 0 || json == null) {
                LOG.debug("Record {}-{}@{} has no revision: left out", message.getHeader(KafkaConstants.TOPIC),
                        message.getHeader(KafkaConstants.PARTITION), message.getHeader(KafkaConstants.OFFSET));
                continue;
            }
            String alertId = AlertJson.read(json, Alert.class).alertId();
            newest.merge(alertId, new Versioned(alertId, revision, json),
                    (kept, candidate) -> candidate.revision() > kept.revision() ? candidate : kept);
        }
        List<IndexOperation.Builder<?>> operations = new ArrayList<>(newest.size());
        for (Versioned alert : newest.values()) {
            operations.add(new IndexOperation.Builder<BinaryData>()
                    .index(index).id(alert.alertId())
                    .version(alert.revision()).versionType(VersionType.External)
                    .document(BinaryData.of(alert.json(), ContentType.APPLICATION_JSON)));
        }
        return operations;
    }

    /** @throws AlertNotIndexedException when a document was refused for anything but a newer version already there */
    public void inspect(@Body List<BulkResponseItem> items) {
        for (BulkResponseItem item : items) {
            if (item.error() != null && item.status() != 409) {
                throw new AlertNotIndexedException("alert document refused by Elasticsearch (" + item.status() + " "
                        + item.error().type() + "), poll retried");
            }
        }
    }

    private record Versioned(String alertId, long revision, byte[] json) {
    }

    /** An alert the index did not take: retried, never skipped. */
    public static final class AlertNotIndexedException extends RuntimeException {
        AlertNotIndexedException(String message) {
            super(message);
        }
    }
}
