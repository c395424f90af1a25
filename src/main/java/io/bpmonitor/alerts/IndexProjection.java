package io.bpmonitor.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.CreateOperation;
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
 * Keeps indices projections of the engine's topics ({@code routes/alerts.yaml}): the alert index of the alert topic,
 * the patient-days index of the patient-days topic. Each document is written with its record's revision as an
 * external version, so an older record never overwrites a newer one: Elasticsearch's 409 is no error. The review's
 * events also go into the audit index ({@link AuditRecord}), each created once under its id: the 409 of a record read
 * again is no error either, and nothing there is ever overwritten. Any other refusal is thrown, and the route retries
 * the poll: a document is never skipped.
 */
public class IndexProjection {

    private static final Logger LOG = LoggerFactory.getLogger(IndexProjection.class);

    private final String alertIndex;
    private final String patientDaysTopic;
    private final String patientDaysIndex;
    private final String auditIndex;

    public IndexProjection(String alertIndex, String patientDaysTopic, String patientDaysIndex, String auditIndex) {
        this.alertIndex = alertIndex;
        this.patientDaysTopic = patientDaysTopic;
        this.patientDaysIndex = patientDaysIndex;
        this.auditIndex = auditIndex;
    }

    /**
     * One index operation per document of the poll, its newest record. An alert event without a revision was
     * published by a previous release, which indexed it itself: it is left out.
     */
    public List<Object> operations(@Body List<Exchange> records) {
        Map<String, Versioned> newest = new LinkedHashMap<>();
        Map<String, AuditRecord> audit = new LinkedHashMap<>();
        for (Exchange record : records) {
            Message message = record.getMessage();
            boolean patientDay = patientDaysTopic.equals(message.getHeader(KafkaConstants.TOPIC));
            Versioned document = patientDay ? patientDay(message) : alert(message);
            AuditRecord audited = patientDay || document == null ? null : audited(message, document.json());
            if (audited != null) {
                audit.putIfAbsent(audited.auditId(), audited);
            }
            if (document == null) {
                LOG.debug("Record {}-{}@{} has no revision: left out", message.getHeader(KafkaConstants.TOPIC),
                        message.getHeader(KafkaConstants.PARTITION), message.getHeader(KafkaConstants.OFFSET));
                continue;
            }
            newest.merge(document.index() + "/" + document.id(), document,
                    (kept, candidate) -> candidate.revision() > kept.revision() ? candidate : kept);
        }
        List<Object> operations = new ArrayList<>(newest.size() + audit.size());
        for (Versioned document : newest.values()) {
            operations.add(new IndexOperation.Builder<BinaryData>()
                    .index(document.index()).id(document.id())
                    .version(document.revision()).versionType(VersionType.External)
                    .document(BinaryData.of(document.json(), ContentType.APPLICATION_JSON)));
        }
        for (AuditRecord record : audit.values()) {
            operations.add(new CreateOperation.Builder<BinaryData>().index(auditIndex).id(record.auditId())
                    .document(BinaryData.of(AlertJson.bytes(record), ContentType.APPLICATION_JSON)));
        }
        return operations;
    }

    private static AuditRecord audited(Message message, byte[] json) {
        // only the review's events are audited: the others are not read a second time
        return AlertEvent.ofHeader(message.getHeader(AlertEvent.EVENT_HEADER)).filter(AuditRecord::audits)
                .map(event -> AuditRecord.of(event, AlertJson.read(json, Alert.class),
                        Instant.ofEpochMilli(message.getHeader(KafkaConstants.TIMESTAMP, 0L, Long.class))))
                .orElse(null);
    }

    private Versioned alert(Message message) {
        long revision = AlertEvent.revision(message.getHeader(AlertEvent.REVISION_HEADER));
        byte[] json = message.getBody(byte[].class);
        if (revision < 0 || json == null) {
            return null;
        }
        return new Versioned(alertIndex, AlertJson.read(json, Alert.class).alertId(), revision, json);
    }

    private Versioned patientDay(Message message) {
        long revision = AlertEvent.revision(message.getHeader(PatientDaysProcessor.REVISION_HEADER));
        Object id = message.getHeader(PatientDaysProcessor.DOCUMENT_ID_HEADER);
        byte[] json = message.getBody(byte[].class);
        if (revision < 0 || id == null || json == null) {
            return null;
        }
        return new Versioned(patientDaysIndex, id instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : id.toString(), revision, json);
    }

    /** @throws AlertNotIndexedException when a document was refused for anything but a newer version already there */
    public void inspect(@Body List<BulkResponseItem> items) {
        for (BulkResponseItem item : items) {
            if (item.error() != null && item.status() != 409) {
                throw new DocumentNotIndexedException(item.index() + " document refused by Elasticsearch ("
                        + item.status() + " " + item.error().type() + "), poll retried");
            }
        }
    }

    private record Versioned(String index, String id, long revision, byte[] json) {
    }

    /** A document an index did not take: retried, never skipped. */
    public static final class DocumentNotIndexedException extends RuntimeException {
        DocumentNotIndexedException(String message) {
            super(message);
        }
    }
}
