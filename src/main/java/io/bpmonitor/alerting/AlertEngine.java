package io.bpmonitor.alerting;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.bpmonitor.alerting.AlertChanges.PartitionChange;
import io.bpmonitor.alerting.PartitionAlerts.PatientReading;
import io.bpmonitor.delivery.ArrivedReading;
import io.bpmonitor.delivery.BatchCompletion;
import io.bpmonitor.delivery.DetectionBatch;
import io.bpmonitor.delivery.DetectionBatch.VersionedDocument;
import io.bpmonitor.delivery.PollClassifier.ReadAgain;
import io.bpmonitor.detection.AnomalyRule;
import io.bpmonitor.detection.BloodPressureReading;
import org.apache.camel.ExchangeProperty;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns each poll's anomalies into alerts, before the poll's bulk request, which writes the alerts' documents with the
 * anomalies, and its commit, which publishes their events and state. Every anomaly read counts, also one whose
 * document Elasticsearch refuses for its content (it is dead-lettered): the reading was taken, and its alert is due.
 * The state that decides the episodes lives in Kafka, checkpointed with the polls' offsets
 * ({@link AlertStateLog}); this JVM only caches it per partition, while the consumer reading the partition holds it,
 * and uses the cache only for a poll that starts where the last committed one ended. Otherwise it loads the last
 * checkpoint and reads the committed readings after it again ({@link CommittedReadings}).
 */
public class AlertEngine {

    /** Exchange property: the {@link AlertChanges} of the poll being completed. */
    public static final String CHANGES_PROPERTY = "bpAlerts";

    private final Episodes episodes;
    private final Supplier<AnomalyRule> crisisRule;
    private final AlertStateLog stateLog;
    private final CommittedReadings committedReadings;
    private final String alertIndex;
    private final String alertTopic;
    /** Per partition, its state and the consumer reading it (the detector's consumer threads share the engine). */
    private final Map<TopicPartition, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Consumer<?, ?> reader, PartitionAlerts state) {
    }

    /**
     * @param alertIndex where each alert is a document ({@code BP_ALERT_INDEX})
     * @param alertTopic where each opened or resolved alert is an event ({@code BP_ALERT_TOPIC})
     */
    public AlertEngine(Episodes episodes, Supplier<AnomalyRule> crisisRule, AlertStateLog stateLog,
                       CommittedReadings committedReadings, String alertIndex, String alertTopic) {
        this.episodes = episodes;
        this.crisisRule = crisisRule;
        this.stateLog = stateLog;
        this.committedReadings = committedReadings;
        this.alertIndex = alertIndex;
        this.alertTopic = alertTopic;
    }

    /**
     * Makes sure the state of the poll's partitions is at hand, as of where the poll starts: loaded from Kafka when
     * the cache does not start there. Called before the anomalies are indexed, on a thread of the poll's own: after
     * that, the route goes on on the Elasticsearch client's thread, which must not wait.
     */
    public void prepare(@ExchangeProperty(BatchCompletion.BATCH_PROPERTY) DetectionBatch batch)
            throws InterruptedException {
        Consumer<?, ?> reader = batch.offsets().reader();
        if (reader != null) {
            // the partitions this consumer read and holds no more (a rebalance took them): their state goes
            Set<TopicPartition> assigned = reader.assignment();
            cache.entrySet().removeIf(entry -> entry.getValue().reader() == reader && !assigned.contains(entry.getKey()));
        }
        for (Map.Entry<TopicPartition, Long> start : batch.offsets().firstOffsets().entrySet()) {
            Cached cached = cache.get(start.getKey());
            // a cache is used only where the last committed poll ended: a poll given up at a rebalance was settled
            // but not committed, and is read again from its start
            PartitionAlerts state = cached == null || cached.state().nextOffset() != start.getValue()
                    ? load(start.getKey(), start.getValue()) : cached.state();
            cache.put(start.getKey(), new Cached(reader, state));
        }
    }

    /** The last checkpoint, brought up to {@code offset} with the committed readings after it. */
    private PartitionAlerts load(TopicPartition partition, long offset) throws InterruptedException {
        PartitionAlerts state = stateLog.load(partition, offset);
        if (state.nextOffset() < offset) {
            ReadAgain again = committedReadings.between(partition, state.nextOffset(), offset);
            Predicate<BloodPressureReading> isCrisis = crisisRule.get().newMatcher();
            state.catchUp(episodes, again.anomalies().stream().map(reading -> toReading(reading, isCrisis)).toList(),
                    again.latest(), offset - 1);
        }
        return state;
    }

    /**
     * The alerts the poll opens, extends and resolves, from the state {@link #prepare} made ready. Their documents go
     * into {@code bp_alerts} in the poll's bulk request, with its anomalies ({@link DetectionBatch#indexWithAnomalies}):
     * versioned by the poll's last offset, so a late write of an older state loses. Their JSON is written here once,
     * as the contract has it.
     */
    public AlertChanges raise(@ExchangeProperty(BatchCompletion.BATCH_PROPERTY) DetectionBatch batch) {
        Predicate<BloodPressureReading> isCrisis = crisisRule.get().newMatcher();
        Map<TopicPartition, Instant> eventTimes = batch.eventTimes();
        Map<TopicPartition, Long> first = batch.offsets().firstOffsets();
        Map<TopicPartition, Long> next = batch.offsets().nextOffsets();
        List<PartitionChange> partitions = new ArrayList<>();
        List<VersionedDocument> documents = new ArrayList<>();
        List<Alert> events = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> start : first.entrySet()) {
            TopicPartition partition = start.getKey();
            PartitionAlerts state = cachedState(partition);
            if (state == null || state.nextOffset() < start.getValue()) {
                throw new IllegalStateException("alert state of " + partition + " not prepared for offset "
                        + start.getValue());
            }
            long lastOffset = next.get(partition) - 1;
            // a state ahead of the poll (a poll another detector has committed further since, or a rewind): the
            // readings before it were alerted on already, and only those after it are folded
            long from = state.nextOffset();
            if (from > lastOffset) {
                continue;
            }
            List<PatientReading> readings = batch.anomaliesFrom(partition, from).stream()
                    .map(reading -> toReading(reading, isCrisis)).toList();
            Map<String, Alert> changed = new LinkedHashMap<>();
            PartitionChange change = state.fold(episodes, readings, eventTimes.get(partition), from, lastOffset,
                    events, changed);
            partitions.add(change);
            // versioned by the poll's last offset: a replay writes the same version again, never an older over a newer
            changed.values().forEach(alert -> documents.add(new VersionedDocument(alertIndex, alert.alertId(),
                    lastOffset, BinaryData.of(AlertJson.bytes(alert), ContentType.APPLICATION_JSON))));
        }
        batch.indexWithAnomalies(documents);
        return new AlertChanges(partitions, events);
    }

    private static PatientReading toReading(ArrivedReading arrived, Predicate<BloodPressureReading> isCrisis) {
        BloodPressureReading reading = arrived.reading();
        return new PatientReading(reading.patientId(), new AnomalousReading(reading.observationId(),
                reading.effectiveAt(), arrived.arrivedAt(), reading.systolic(), reading.diastolic(),
                isCrisis.test(reading)));
    }

    /**
     * Hands the poll's alert state and its events (one per alert opened or resolved, keyed by patient) to its Kafka
     * transaction: they are committed with its offsets, or not at all.
     */
    public void publish(@ExchangeProperty(BatchCompletion.BATCH_PROPERTY) DetectionBatch batch,
                        @ExchangeProperty(CHANGES_PROPERTY) AlertChanges changes) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(stateLog.records(changes));
        for (Alert event : changes.events()) {
            records.add(new ProducerRecord<>(alertTopic, event.patientId().getBytes(StandardCharsets.UTF_8),
                    AlertJson.bytes(event)));
        }
        batch.publishWithOffsets(records);
    }

    /** The poll is committed: its state is what the next poll of each partition starts from. */
    public void settle(@ExchangeProperty(CHANGES_PROPERTY) AlertChanges changes) {
        if (changes == null) {
            return;
        }
        for (PartitionChange change : changes.partitions()) {
            PartitionAlerts state = cachedState(change.partition());
            if (state != null && state.nextOffset() == change.firstOffset()) {
                state.apply(change);
            }
        }
    }

    private PartitionAlerts cachedState(TopicPartition partition) {
        Cached cached = cache.get(partition);
        return cached == null ? null : cached.state();
    }
}
