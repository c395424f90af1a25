package io.bpmonitor.alerting;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import co.elastic.clients.elasticsearch.core.bulk.DeleteOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.bpmonitor.alerting.AlertChanges.AlertVersion;
import io.bpmonitor.alerting.AlertChanges.PartitionChange;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the alert state survives the detector: {@code bp_alert_state} holds snapshots of each patient's state (and
 * of each partition's event time), one document per snapshot, tagged with the Kafka offset it is the state as of. A
 * poll writes the snapshots of what it changed as of its last offset; whoever reads the partition next (after a
 * SIGKILL, a rebalance, a rewind) starts from the newest snapshot of each patient before the offset it reads from, so
 * from the state of exactly that offset: what a poll that was never committed wrote is ignored, and written again
 * the same when the poll is read again. Snapshots a committed poll superseded are deleted with the next poll's writes.
 */
public class AlertStateStore {

    private static final int PAGE = 1_000;

    private final ElasticsearchClient client;
    private final String stateIndex;
    private final String alertIndex;

    public AlertStateStore(ElasticsearchClient client, String stateIndex, String alertIndex) {
        this.client = client;
        this.stateIndex = stateIndex;
        this.alertIndex = alertIndex;
    }

    String partitionKey(TopicPartition partition) {
        return partition.topic() + "/" + partition.partition();
    }

    String patientKey(TopicPartition partition, String patientId) {
        return partitionKey(partition) + "/" + patientId;
    }

    static String snapshotId(String key, long offset) {
        return key + "@" + offset;
    }

    /** The state of a partition's patients as of {@code offset}: what the poll reading from there starts with. */
    PartitionAlerts load(TopicPartition partition, long offset) throws IOException {
        // what the previous owner wrote just before it stopped may not be searchable yet
        client.indices().refresh(request -> request.index(stateIndex));
        Map<String, Map<?, ?>> newest = new HashMap<>();
        List<String> obsolete = new ArrayList<>();
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> from = after;
            @SuppressWarnings("rawtypes")
            SearchResponse<Map> page = client.search(search -> {
                search.index(stateIndex).size(PAGE)
                        .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("topic").value(partition.topic())))
                                .filter(f -> f.term(t -> t.field("partition").value(partition.partition())))))
                        .sort(s -> s.field(f -> f.field("key").order(SortOrder.Asc)))
                        .sort(s -> s.field(f -> f.field("offset").order(SortOrder.Desc)));
                if (from != null) {
                    search.searchAfter(from);
                }
                return search;
            }, Map.class);
            for (@SuppressWarnings("rawtypes") Hit<Map> hit : page.hits().hits()) {
                Map<?, ?> snapshot = hit.source();
                String key = snapshot.get("key").toString();
                long at = ((Number) snapshot.get("offset")).longValue();
                // hits come newest first per key: the first before the offset is in force, the rest is history,
                // and what lies at or after it was written by a poll that was never committed
                if (at < offset && !newest.containsKey(key)) {
                    newest.put(key, snapshot);
                } else {
                    obsolete.add(hit.id());
                }
            }
            if (page.hits().hits().size() < PAGE) {
                break;
            }
            after = page.hits().hits().get(page.hits().hits().size() - 1).sort();
        }
        Map<String, PatientAlerts> patients = new HashMap<>();
        Map<String, Long> snapshots = new HashMap<>();
        Instant eventTime = null;
        for (Map.Entry<String, Map<?, ?>> entry : newest.entrySet()) {
            Map<?, ?> snapshot = entry.getValue();
            snapshots.put(entry.getKey(), ((Number) snapshot.get("offset")).longValue());
            Map<?, ?> state = (Map<?, ?>) snapshot.get("state");
            Object patientId = snapshot.get("patient_id");
            if (patientId != null) {
                patients.put(patientId.toString(), AlertJson.read(state, PatientAlerts.class));
            } else {
                eventTime = Instant.parse(state.get("event_time").toString());
            }
        }
        return new PartitionAlerts(partition, offset, eventTime, patients, snapshots, obsolete);
    }

    /**
     * The bulk operations of a poll's changes: each changed alert into {@code bp_alerts} (versioned by the offset, so
     * a late write of an older state loses), each changed state as a snapshot into {@code bp_alert_state}, and the
     * deletion of the snapshots superseded before.
     */
    public List<Object> operations(AlertChanges changes) {
        List<Object> operations = new ArrayList<>();
        for (AlertVersion version : changes.alerts()) {
            operations.add(new IndexOperation.Builder<Map<String, Object>>()
                    .index(alertIndex).id(version.alert().alertId())
                    .version(version.offset()).versionType(VersionType.ExternalGte)
                    .document(AlertJson.fields(version.alert())));
        }
        for (PartitionChange change : changes.partitions()) {
            Set<String> written = new HashSet<>();
            if (change.eventTimeMoved()) {
                operations.add(snapshot(change, partitionKey(change.partition()), null,
                        Map.of("event_time", change.eventTime().toString()), written));
            }
            change.patients().forEach((patientId, state) -> operations.add(snapshot(change,
                    patientKey(change.partition(), patientId), patientId, AlertJson.fields(state), written)));
            // a poll that was never committed may have ended at the same offset: its snapshots, obsolete when the
            // state was loaded, are the very documents this poll writes again, and must stay
            for (String id : change.obsoleteSnapshots()) {
                if (!written.contains(id)) {
                    operations.add(new DeleteOperation.Builder().index(stateIndex).id(id));
                }
            }
        }
        return operations;
    }

    private IndexOperation.Builder<Map<String, Object>> snapshot(PartitionChange change, String key, String patientId,
                                                                 Map<String, Object> state, Set<String> written) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("key", key);
        document.put("topic", change.partition().topic());
        document.put("partition", change.partition().partition());
        if (patientId != null) {
            document.put("patient_id", patientId);
        }
        document.put("offset", change.lastOffset());
        document.put("state", state);
        String id = snapshotId(key, change.lastOffset());
        written.add(id);
        return new IndexOperation.Builder<Map<String, Object>>().index(stateIndex).id(id).document(document);
    }
}
