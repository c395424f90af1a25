package io.bpmonitor.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.delivery.BatchCompletion;
import io.bpmonitor.delivery.CompactedTopic;
import io.bpmonitor.delivery.DetectorIndexingRoutes;
import io.bpmonitor.delivery.PipelineCounters;
import io.bpmonitor.delivery.PollTransactions;
import io.bpmonitor.delivery.PolledRecords;
import io.bpmonitor.detection.AnomalyRule;
import io.bpmonitor.simulation.ObservationJson;
import io.bpmonitor.simulation.SimulatedReading;
import io.bpmonitor.testing.RouteTestSupport;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The detector's routes with the alert steps ({@link AlertRoutes}), stand-ins for Kafka, Elasticsearch and the alert
 * state log: a crisis reading's alert is written in the poll's bulk request with its anomalies, then published in the
 * poll's Kafka transaction with its state and offsets; a bulk request Elasticsearch refuses retries the poll and
 * publishes the event once.
 */
class AlertRouteTest extends RouteTestSupport {

    private static final TopicPartition PARTITION = new TopicPartition("bp-observations", 0);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockConsumer<Object, Object> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private final MockProducer<byte[], byte[]> transaction =
            new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer());
    private final AtomicInteger bulkRefusals = new AtomicInteger();
    private final List<Boolean> transactionOpenWhenAlertsWritten = new ArrayList<>();
    /** The operations of each bulk request, built. */
    private final List<List<IndexOperation<?>>> bulkRequests = new CopyOnWriteArrayList<>();
    /** Where the stand-in store was asked for a partition's state: {@code partition@offset}. */
    private final List<String> loads = new CopyOnWriteArrayList<>();
    /** How far the stand-in's state is ahead of the poll: readings another detector has alerted on since. */
    private long stateAheadBy;

    @Override
    protected String routesFile() {
        return "detector.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("bp.retry.initial-delay-ms", "1", "bp.retry.max-delay-ms", "5", "bp.alerts.enabled", "true",
                "bp.alert-topic", "bp-alerts");
    }

    @Override
    protected void configureMore(MainConfigurationProperties configuration) {
        configuration.addRoutesBuilder(new DetectorIndexingRoutes());
        configuration.addRoutesBuilder(new AlertRoutes());
    }

    @BeforeEach
    void standIns() throws Exception {
        consumer.assign(List.of(PARTITION));
        AdviceWith.adviceWith(context, "detector", route -> route.replaceFromWith("direct:poll"));
        AdviceWith.adviceWith(context, "detector-bulk-request",
                route -> route.weaveByToUri("elasticsearch:*").replace().to("mock:bulk"));
        context.getRegistry().bind("batchCompletion", new BatchCompletion(new PipelineCounters(),
                new PollTransactions("bp-observations-dlq", () -> transaction)));
        // no state before: a partition read for the first time
        AlertStateLog stateLog = new AlertStateLog(new CompactedTopic("bp-alert-state", Map.of(), Map.of())) {
            @Override
            PartitionAlerts load(TopicPartition partition, long offset) {
                loads.add(partition.partition() + "@" + offset);
                return new PartitionAlerts(partition, offset + stateAheadBy, null, Map.of());
            }
        };
        // in place of BpMonitorConfiguration's lazy beans of the same names
        context.getRegistry().unbind("alertStateLog");
        context.getRegistry().unbind("alertEngine");
        context.getRegistry().bind("alertStateLog", AlertStateLog.class, stateLog);
        context.getRegistry().bind("alertEngine", AlertEngine.class, new AlertEngine(
                new Episodes(new AlertRules(3, Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofSeconds(10))),
                () -> AnomalyRule.inForce(context, "crisisRule"), stateLog, null, "bp_alerts", "bp-alerts"));
        getMockEndpoint("mock:bulk").whenAnyExchangeReceived(exchange -> {
            transactionOpenWhenAlertsWritten.add(transaction.transactionInFlight());
            if (bulkRefusals.getAndDecrement() > 0) {
                throw new IOException("Elasticsearch unreachable");
            }
            acknowledge(exchange);
        });
    }

    private void acknowledge(Exchange exchange) {
        List<IndexOperation<?>> operations = new ArrayList<>();
        List<BulkResponseItem> items = new ArrayList<>();
        for (Object builder : exchange.getMessage().getBody(List.class)) {
            IndexOperation<?> operation = ((IndexOperation.Builder<?>) builder).build();
            operations.add(operation);
            items.add(BulkResponseItem.of(item -> item.operationType(OperationType.Index).index("i")
                    .id(operation.id()).status(201)));
        }
        bulkRequests.add(operations);
        exchange.getMessage().setBody(items);
    }

    private List<Exchange> poll() {
        return poll(consumer, PARTITION, 0);
    }

    /** A poll of one partition: a normal reading and a crisis reading of p-1, a normal one of p-2. */
    private List<Exchange> poll(MockConsumer<Object, Object> reader, TopicPartition partition, long from) {
        OffsetDateTime at = OffsetDateTime.of(2026, 11, 29, 8, 0, 0, 0, ZoneOffset.UTC);
        List<SimulatedReading> readings = List.of(
                new SimulatedReading(id(partition, from, 1), "p-1", "cuff-1", at, 120, 80),
                new SimulatedReading(id(partition, from, 2), "p-1", "cuff-1", at.plusMinutes(5), 195, 110),
                new SimulatedReading(id(partition, from, 3), "p-2", "cuff-2", at.plusMinutes(6), 118, 76));
        List<Exchange> records = new ArrayList<>();
        for (int i = 0; i < readings.size(); i++) {
            records.add(PolledRecords.record(context, reader, partition, from + i, readings.get(i).patientId(),
                    ObservationJson.bytes(readings.get(i))));
        }
        return records;
    }

    /** The first poll of partition 0 reads obs-1..3, as the expectations name them; later ones are told apart. */
    private static String id(TopicPartition partition, long from, int n) {
        return partition.equals(PARTITION) && from == 0 ? "obs-" + n : "obs-" + partition.partition() + "-" + from + "-" + n;
    }

    private void send(List<Exchange> poll) {
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("detector").whenCompleted(1).create();
        template.sendBody("direct:poll", poll);
        assertThat(done.matches(5, TimeUnit.SECONDS)).isTrue();
    }

    private List<ProducerRecord<byte[], byte[]>> alertEvents() {
        return published("bp-alerts");
    }

    private List<ProducerRecord<byte[], byte[]>> published(String topic) {
        return transaction.history().stream().filter(record -> record.topic().equals(topic)).toList();
    }

    private void pollAndWait() {
        context.start();
        send(poll());
    }

    @Test
    void aCrisisAlertIsWrittenWithTheAnomaliesThenPublishedWithTheStateAndThePollsOffsetsInOneTransaction()
            throws Exception {
        pollAndWait();

        assertThat(transactionOpenWhenAlertsWritten).as("alerts written before the transaction opens")
                .containsExactly(false);
        String alertId = Alert.idOf("p-1", AlertKind.CRISIS, "obs-2");
        assertThat(bulkRequests).as("one bulk request: the anomaly, then its alert").hasSize(1);
        assertThat(bulkRequests.get(0)).extracting(IndexOperation::id).containsExactly("obs-2", alertId);
        IndexOperation<?> alertWrite = bulkRequests.get(0).get(1);
        assertThat(alertWrite.index()).isEqualTo("bp_alerts");
        assertThat(alertWrite.version()).as("versioned by the poll's last offset").isEqualTo(2L);
        assertThat(alertWrite.versionType()).isEqualTo(VersionType.ExternalGte);
        assertThat(alertEvents()).hasSize(1);
        ProducerRecord<byte[], byte[]> event = alertEvents().get(0);
        assertThat(new String(event.key(), StandardCharsets.UTF_8)).isEqualTo("p-1");
        JsonNode alert = JSON.readTree(event.value());
        assertThat(alert.path("alert_id").asText()).isEqualTo(alertId);
        assertThat(alert.path("kind").asText()).isEqualTo("crisis");
        assertThat(alert.path("status").asText()).isEqualTo("open");
        assertThat(alert.path("systolic").asInt()).isEqualTo(195);
        assertThat(alert.path("observation_ids").toString()).isEqualTo("[\"obs-2\"]");
        assertThat(published("bp-alert-state")).extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                .as("the partition's position, then the patient the poll changed")
                .containsExactly("bp-observations", "bp-observations/p-1");
        assertThat(JSON.readTree(published("bp-alert-state").get(0).value()).path("offset").asLong()).isEqualTo(2);
        assertThat(transaction.commitCount()).as("the event, the state and the offsets in one transaction").isEqualTo(1);
        assertThat(transaction.consumerGroupOffsetsHistory()).hasSize(1);
        assertThat(transaction.consumerGroupOffsetsHistory().get(0).get(consumer.groupMetadata().groupId())
                .get(PARTITION).offset()).isEqualTo(3L);
    }

    @Test
    void aBulkRequestElasticsearchRefusesIsRetriedWithItsAlertAndTheEventPublishedOnce() throws Exception {
        bulkRefusals.set(2);

        pollAndWait();

        assertThat(getMockEndpoint("mock:bulk").getReceivedCounter()).as("two refusals, then accepted").isEqualTo(3);
        assertThat(bulkRequests).as("the accepted request").singleElement().satisfies(operations -> assertThat(operations)
                .extracting(IndexOperation::id).as("the retries' alert documents replaced, not added")
                .containsExactly("obs-2", Alert.idOf("p-1", AlertKind.CRISIS, "obs-2")));
        assertThat(alertEvents()).as("published once, by the one committed transaction").hasSize(1);
        assertThat(transaction.commitCount()).isEqualTo(1);
    }

    @Test
    void aPollBehindTheAlertStateFoldsOnlyItsReadingsAfterIt() {
        // another detector has committed the crisis reading (offset 1) since this poll was read
        stateAheadBy = 2;

        pollAndWait();

        assertThat(alertEvents()).as("not alerted on twice").isEmpty();
        assertThat(transaction.commitCount()).isEqualTo(1);
    }

    @Test
    void aPollStraddlingTheAlertStatesPositionFoldsTheReadingsAfterIt() {
        stateAheadBy = 1;

        pollAndWait();

        assertThat(alertEvents()).as("the crisis reading at offset 1, after the state's position").hasSize(1);
    }

    @Test
    void theStateOfAPartitionItsConsumerNoLongerHoldsIsDroppedAndLoadedAgainWhenItComesBack() {
        TopicPartition second = new TopicPartition(PARTITION.topic(), 1);
        TopicPartition third = new TopicPartition(PARTITION.topic(), 2);
        MockConsumer<Object, Object> otherThread = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        otherThread.assign(List.of(third));
        context.start();

        send(poll(consumer, PARTITION, 0));
        send(poll(otherThread, third, 0));
        send(poll(consumer, PARTITION, 3));
        assertThat(loads).as("a poll that starts where the last one ended uses the cache").containsExactly("0@0", "2@0");

        // a rebalance gives this consumer partition 1 instead of 0
        consumer.assign(List.of(second));
        send(poll(consumer, second, 0));
        send(poll(otherThread, third, 3));
        assertThat(loads).as("the other consumer's partition stays cached").containsExactly("0@0", "2@0", "1@0");

        // partition 0 comes back: its state is loaded again, not taken from a cache that may be stale
        consumer.assign(List.of(PARTITION, second));
        send(poll(consumer, PARTITION, 6));
        assertThat(loads).containsExactly("0@0", "2@0", "1@0", "0@6");
    }
}
