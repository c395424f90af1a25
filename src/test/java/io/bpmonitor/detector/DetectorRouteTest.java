package io.bpmonitor.detector;

import static io.bpmonitor.config.Setting.BP_RETRY_INITIAL_DELAY_MS;
import static io.bpmonitor.config.Setting.BP_RETRY_MAX_DELAY_MS;
import static io.bpmonitor.testing.BulkItems.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import io.bpmonitor.kafka.ReadEpoch;
import io.bpmonitor.observe.PipelineCounters;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.RouteTestSupport;
import io.bpmonitor.testing.SettingMap;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The detector as it ships ({@link DetectorRoutes}, its rules in routes/detector.yaml, the beans of
 * {@code BpMonitorConfiguration}) with stand-ins for Kafka and Elasticsearch: a poll is classified, bulk-indexed, and
 * only then dead-lettered and committed in one Kafka transaction; a refused bulk is retried; a batch that fails as a
 * whole is rewound.
 */
class DetectorRouteTest extends RouteTestSupport {

    private static final TopicPartition PARTITION = new TopicPartition("bp-observations", 0);

    private final MockConsumer<Object, Object> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private final ReadEpoch epoch = new ReadEpoch(consumer, Duration.ofSeconds(1));
    private final MockProducer<byte[], byte[]> transaction =
            new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer());
    private final AtomicInteger bulkRefusals = new AtomicInteger();

    @Override
    protected String routesFile() {
        return "detector.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return SettingMap.of(BP_RETRY_INITIAL_DELAY_MS, "1", BP_RETRY_MAX_DELAY_MS, "5");
    }

    @Override
    protected void configureMore(MainConfigurationProperties configuration) {
        configuration.addRoutesBuilder(new DetectorRoutes());
    }

    @BeforeEach
    void standIns() throws Exception {
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumeFrom("detector", "poll");
        // the bulk requests go to the Elasticsearch endpoint itself: a mock stands in under its URI
        context.addEndpoint(context.resolvePropertyPlaceholders(DetectorRoutes.BULK_REQUEST),
                getMockEndpoint("mock:elasticsearch"));
        // the poll's Kafka transaction (dead letters and offsets) on a stand-in producer
        context.getRegistry().bind("pollTransactions",
                new PollTransactions("bp-observations-dlq", "bp-readings", () -> transaction, new PipelineCounters()));
        MockEndpoint elasticsearch = getMockEndpoint("mock:elasticsearch");
        elasticsearch.whenAnyExchangeReceived(exchange -> {
            if (bulkRefusals.getAndDecrement() > 0) {
                throw new IOException("Elasticsearch unreachable");
            }
            List<BulkResponseItem> items = new ArrayList<>();
            for (Object operation : exchange.getMessage().getBody(List.class)) {
                items.add(ok(((IndexOperation.Builder<?>) operation).build().id()));
            }
            exchange.getMessage().setBody(items);
        });
    }

    private List<Exchange> poll(List<byte[]> values) {
        List<Exchange> records = new ArrayList<>();
        for (int offset = 0; offset < values.size(); offset++) {
            records.add(PolledRecords.record(context, epoch, consumer, PARTITION, offset, "p-1", values.get(offset)));
        }
        return records;
    }

    private static List<byte[]> readingsAndOnePoison(List<Sent> readings) {
        List<byte[]> values = new ArrayList<>();
        readings.forEach(reading -> values.add(reading.json()));
        values.add("this is not { json".getBytes(StandardCharsets.UTF_8));
        return values;
    }

    /** The offset the transactions committed last, null when none committed any. */
    private Long committed() {
        List<Map<String, Map<TopicPartition, OffsetAndMetadata>>> commits = transaction.consumerGroupOffsetsHistory();
        return commits.isEmpty() ? null
                : commits.get(commits.size() - 1).get(consumer.groupMetadata().groupId()).get(PARTITION).offset();
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetters() {
        return transaction.history().stream().filter(record -> record.topic().equals("bp-observations-dlq")).toList();
    }

    @Test
    void aPollIsIndexedThenDeadLetteredAndCommittedInOneTransaction() throws Exception {
        List<Sent> readings = KnownReadings.generate(50, 7);
        long anomalies = readings.stream().filter(Sent::isAnomaly).count();
        MockEndpoint elasticsearch = getMockEndpoint("mock:elasticsearch");
        elasticsearch.expectedMessageCount(1);
        List<Boolean> transactionOpenWhenIndexed = new ArrayList<>();
        elasticsearch.whenAnyExchangeReceived(exchange -> {
            transactionOpenWhenIndexed.add(transaction.transactionInFlight());
            List<BulkResponseItem> items = new ArrayList<>();
            for (Object operation : exchange.getMessage().getBody(List.class)) {
                items.add(ok(((IndexOperation.Builder<?>) operation).build().id()));
            }
            exchange.getMessage().setBody(items);
        });
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("detector").whenCompleted(1).create();
        context.start();

        template.sendBody("direct:poll", poll(readingsAndOnePoison(readings)));

        assertThat(done.matches(5, TimeUnit.SECONDS)).isTrue();
        MockEndpoint.assertIsSatisfied(context, 5, TimeUnit.SECONDS);
        assertThat(elasticsearch.getExchanges().get(0).getMessage().getBody(List.class)).hasSize((int) anomalies);
        assertThat(transactionOpenWhenIndexed).as("the transaction opens only once Elasticsearch has acknowledged")
                .containsExactly(false);
        assertThat(deadLetters()).hasSize(1);
        assertThat(new String(deadLetters().get(0).headers().lastHeader("dlq.source.offset").value(),
                StandardCharsets.UTF_8)).isEqualTo("50");
        assertThat(transaction.commitCount()).as("dead letter and offsets in one transaction").isEqualTo(1);
        assertThat(committed()).as("the poll's next offset").isEqualTo(51L);
    }

    @Test
    void aBulkElasticsearchRefusesIsSentAgainAndCommittedOnce() throws Exception {
        bulkRefusals.set(2);
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("detector").whenCompleted(1).create();
        context.start();

        template.sendBody("direct:poll", poll(readingsAndOnePoison(KnownReadings.generate(20, 8))));

        assertThat(done.matches(5, TimeUnit.SECONDS)).isTrue();
        assertThat(getMockEndpoint("mock:elasticsearch").getReceivedCounter()).as("two refusals, then accepted").isEqualTo(3);
        assertThat(deadLetters()).hasSize(1);
        assertThat(transaction.commitCount()).isEqualTo(1);
        assertThat(committed()).isEqualTo(21L);
    }

    @Test
    void aBulkRefusedWholeForOneDocumentIndexesTheOthersAndDeadLettersItWithoutPausing() throws Exception {
        List<Sent> readings = KnownReadings.generate(200, 8).stream().filter(Sent::isAnomaly).toList();
        String atFault = readings.get(readings.size() / 3).id();
        List<String> indexed = new ArrayList<>();
        getMockEndpoint("mock:elasticsearch").whenAnyExchangeReceived(exchange -> {
            List<BulkResponseItem> items = new ArrayList<>();
            for (Object operation : exchange.getMessage().getBody(List.class)) {
                String id = ((IndexOperation.Builder<?>) operation).build().id();
                if (id.equals(atFault)) {
                    throw new ElasticsearchException("es/bulk", ErrorResponse.of(response -> response.status(400)
                            .error(error -> error.type("action_request_validation_exception").reason("id too long"))));
                }
                items.add(ok(id));
            }
            items.forEach(item -> indexed.add(item.id()));
            exchange.getMessage().setBody(items);
        });
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("detector").whenCompleted(1).create();
        context.start();

        template.sendBody("direct:poll", poll(readings.stream().map(Sent::json).toList()));

        assertThat(done.matches(5, TimeUnit.SECONDS)).isTrue();
        assertThat(indexed).hasSize(readings.size() - 1).doesNotContain(atFault).doesNotHaveDuplicates();
        assertThat(deadLetters()).singleElement().satisfies(deadLetter -> assertThat(new String(
                deadLetter.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8))
                .isEqualTo("rejected by Elasticsearch (400 action_request_validation_exception): id too long"));
        assertThat(committed()).isEqualTo(readings.size());
        assertThat(context.getRegistry().lookupByNameAndType("indexingPause", IndexingPause.class).cause()).isEmpty();
    }

    @Test
    void aBatchThatFailsAsAWholeIsReadAgainNotCommitted() throws Exception {
        AdviceWith.adviceWith(context, "detector", route -> route.weaveByToUri("direct:detector-poll-steps").replace()
                .throwException(new IllegalStateException("indexing route stopped")));
        consumer.seek(PARTITION, 40);
        context.start();

        Exchange result = template.send("direct:poll", exchange -> exchange.getMessage().setBody(
                poll(readingsAndOnePoison(KnownReadings.generate(10, 9)))));

        assertThat(result.getException()).hasMessage("indexing route stopped");
        assertThat(consumer.position(PARTITION)).as("sent back to the committed offset: none, the start").isZero();
        assertThat(committed()).isNull();
        assertThat(transaction.history()).as("no dead letter published").isEmpty();
    }

    @Test
    void aPollThatCannotBeClassifiedIsReadAgainNotSkipped() throws Exception {
        consumer.seek(PARTITION, 40);
        context.start();
        // routes/detector.yaml of an older release, without the low-pressure rule
        context.getRegistry().unbind("bpLowPressureRuleInForce");

        Exchange result = template.send("direct:poll", exchange -> exchange.getMessage().setBody(
                poll(readingsAndOnePoison(KnownReadings.generate(10, 9)))));

        assertThat(result.getException()).hasMessageContaining("no rule lowPressureRule");
        assertThat(consumer.position(PARTITION)).as("sent back to the committed offset: none, the start").isZero();
        assertThat(committed()).isNull();
    }
}
