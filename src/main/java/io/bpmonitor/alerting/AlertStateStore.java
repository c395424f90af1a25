package io.bpmonitor.alerting;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import co.elastic.clients.elasticsearch.core.bulk.UpdateOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.bpmonitor.alerting.AlertChanges.AlertVersion;
import io.bpmonitor.alerting.AlertChanges.PartitionChange;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the alert state survives the detector: {@code bp_alert_state} holds, per patient (and per partition, for its
 * event time), snapshots of the state by the Kafka offset it covers. A poll writes the snapshot as of its last offset
 * and keeps the newest one before its first offset, so whoever reads the partition next (after a SIGKILL, a
 * rebalance, a rewind) starts from the state of exactly the offset it reads from: the newest snapshot before it. What
 * a poll that was never committed wrote is ignored that way, and rewritten the same when the poll is read again.
 */
public class AlertStateStore {

    /** Keeps the newest snapshot before the poll's first offset and those after it, and puts in the poll's own. */
    static final String KEEP_SNAPSHOTS = """
            List kept = new ArrayList(); def floor = null; long own = ((Number) params.snapshot.offset).longValue();
            for (def s : ctx._source.snapshots) {
              long at = ((Number) s.offset).longValue();
              if (at < params.from) { if (floor == null || at > ((Number) floor.offset).longValue()) { floor = s; } }
              else if (at != own) { kept.add(s); }
            }
            if (floor != null) { kept.add(floor); }
            kept.add(params.snapshot);
            ctx._source.snapshots = kept;
            """;
    private static final int PAGE = 1_000;

    private final ElasticsearchClient client;
    private final String stateIndex;
    private final String alertIndex;

    public AlertStateStore(ElasticsearchClient client, String stateIndex, String alertIndex) {
        this.client = client;
        this.stateIndex = stateIndex;
        this.alertIndex = alertIndex;
    }

    /** The state of a partition's patients as of {@code offset}: what the poll reading from there starts with. */
    PartitionAlerts load(TopicPartition partition, long offset) throws IOException {
        // what the previous owner wrote just before it stopped may not be searchable yet
        client.indices().refresh(request -> request.index(stateIndex));
        Map<String, PatientAlerts> patients = new HashMap<>();
        Instant eventTime = null;
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> from = after;
            @SuppressWarnings("rawtypes")
            SearchResponse<Map> page = client.search(search -> {
                search.index(stateIndex).size(PAGE)
                        .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("topic").value(partition.topic())))
                                .filter(f -> f.term(t -> t.field("partition").value(partition.partition())))))
                        .sort(s -> s.field(f -> f.field("key").order(SortOrder.Asc)));
                if (from != null) {
                    search.searchAfter(from);
                }
                return search;
            }, Map.class);
            for (@SuppressWarnings("rawtypes") Hit<Map> hit : page.hits().hits()) {
                Map<?, ?> snapshot = newestBefore(hit.source().get("snapshots"), offset);
                if (snapshot == null) {
                    continue;
                }
                Object patientId = hit.source().get("patient_id");
                Map<?, ?> state = (Map<?, ?>) snapshot.get("state");
                if (patientId != null) {
                    patients.put(patientId.toString(), AlertJson.read(state, PatientAlerts.class));
                } else if (state.get("event_time") != null) {
                    eventTime = Instant.parse(state.get("event_time").toString());
                }
            }
            if (page.hits().hits().size() < PAGE) {
                return new PartitionAlerts(partition, offset, eventTime, patients);
            }
            after = page.hits().hits().get(page.hits().hits().size() - 1).sort();
        }
    }

    private static Map<?, ?> newestBefore(Object snapshots, long offset) {
        Map<?, ?> newest = null;
        long newestOffset = Long.MIN_VALUE;
        for (Object element : (List<?>) snapshots) {
            Map<?, ?> snapshot = (Map<?, ?>) element;
            long at = ((Number) snapshot.get("offset")).longValue();
            if (at < offset && at > newestOffset) {
                newest = snapshot;
                newestOffset = at;
            }
        }
        return newest;
    }

    /**
     * The bulk operations of a poll's changes: each changed alert into {@code bp_alerts} (versioned by the offset, so
     * a late write of an older state loses), and each changed state into {@code bp_alert_state}.
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
            String partitionKey = change.partition().topic() + "/" + change.partition().partition();
            if (change.eventTimeMoved()) {
                operations.add(snapshot(change, partitionKey, null, Map.of("event_time", change.eventTime().toString())));
            }
            change.patients().forEach((patientId, state) ->
                    operations.add(snapshot(change, partitionKey + "/" + patientId, patientId, AlertJson.fields(state))));
        }
        return operations;
    }

    private UpdateOperation.Builder<Map<String, Object>, Map<String, Object>> snapshot(
            PartitionChange change, String key, String patientId, Map<String, Object> state) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("offset", change.lastOffset());
        snapshot.put("state", state);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("key", key);
        document.put("topic", change.partition().topic());
        document.put("partition", change.partition().partition());
        if (patientId != null) {
            document.put("patient_id", patientId);
        }
        document.put("snapshots", List.of(snapshot));
        return new UpdateOperation.Builder<Map<String, Object>, Map<String, Object>>()
                .index(stateIndex).id(key)
                .action(action -> action
                        .script(script -> script.source(source -> source.scriptString(KEEP_SNAPSHOTS))
                                .params("from", JsonData.of(change.firstOffset()))
                                .params("snapshot", JsonData.of(snapshot)))
                        .upsert(document));
    }
}
