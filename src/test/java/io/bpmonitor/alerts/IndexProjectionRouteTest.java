package io.bpmonitor.alerts;

import static io.bpmonitor.config.Setting.BP_ALERT_RETRY_INITIAL_DELAY_MS;
import static io.bpmonitor.config.Setting.BP_ALERT_RETRY_MAX_DELAY_MS;
import static io.bpmonitor.testing.BulkItems.failed;
import static io.bpmonitor.testing.BulkItems.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import io.bpmonitor.testing.RouteTestSupport;
import io.bpmonitor.testing.SettingMap;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The projection of the engine's topics into their indices as it ships ({@code routes/alerts.yaml} and the
 * {@code indexProjection} bean) with Elasticsearch stood in: each alert's and each patient day's newest record of a
 * poll, written with its revision as an external version; a version conflict is no error; an outage or any other refusal sends the whole poll
 * again, built afresh, until the index takes it.
 */
class IndexProjectionRouteTest extends RouteTestSupport {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private final List<List<IndexOperation<?>>> requests = new ArrayList<>();
    private final AtomicInteger unreachable = new AtomicInteger();
    private final AtomicInteger refusedFirst = new AtomicInteger();

    @Override
    protected String routesFile() {
        return "alerts.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return SettingMap.of(BP_ALERT_RETRY_INITIAL_DELAY_MS, "1", BP_ALERT_RETRY_MAX_DELAY_MS, "5");
    }

    @BeforeEach
    void standIns() throws Exception {
        consumeFrom("alerts-projection", "poll");
        sendInsteadTo("alerts-projection-bulk", "elasticsearch-alerts:*", "elasticsearch");
        MockEndpoint elasticsearch = getMockEndpoint("mock:elasticsearch");
        elasticsearch.whenAnyExchangeReceived(exchange -> {
            if (unreachable.getAndDecrement() > 0) {
                throw new IOException("Elasticsearch unreachable");
            }
            List<IndexOperation<?>> operations = new ArrayList<>();
            List<BulkResponseItem> items = new ArrayList<>();
            for (Object builder : exchange.getMessage().getBody(List.class)) {
                IndexOperation<?> operation = ((IndexOperation.Builder<?>) builder).build();
                operations.add(operation);
                items.add(refusedFirst.getAndDecrement() > 0 ? failed(operation.id(), 400, "mapper_parsing_exception")
                        : operation.version() == 3 ? failed(operation.id(), 409, "version_conflict_engine_exception")
                        : ok(operation.id()));
            }
            requests.add(operations);
            exchange.getMessage().setBody(items);
        });
        context.start();
    }

    private Exchange event(String alertId, long revision) {
        Alert alert = new Alert(alertId, "p-1", AlertKind.CRISIS, AlertStatus.OPEN, T0, T0, null, T0, null, 1, 190,
                100, List.of("o1"), null);
        Exchange record = new DefaultExchange(context);
        record.getMessage().setBody(AlertJson.bytes(alert));
        if (revision >= 0) {
            record.getMessage().setHeader(AlertEvent.REVISION_HEADER,
                    Long.toString(revision).getBytes(StandardCharsets.US_ASCII));
        }
        return record;
    }

    @Test
    void eachAlertsNewestEventIsWrittenWithItsRevisionAsExternalVersion() {
        template.sendBody("direct:poll", List.of(event("a", 5), event("b", 3), event("a", 7), event("old", -1)));

        assertThat(requests).singleElement().satisfies(request -> assertThat(request)
                .extracting(IndexOperation::id, IndexOperation::version, IndexOperation::versionType, IndexOperation::index)
                .containsExactly(tuple("a", 7L, VersionType.External, "bp_alerts"),
                        tuple("b", 3L, VersionType.External, "bp_alerts")));
    }

    private Exchange patientDay(String id, long revision) {
        Exchange record = new DefaultExchange(context);
        record.getMessage().setHeader(KafkaConstants.TOPIC, "bp-patient-days");
        record.getMessage().setHeader(PatientDaysProcessor.DOCUMENT_ID_HEADER, id.getBytes(StandardCharsets.UTF_8));
        record.getMessage().setHeader(PatientDaysProcessor.REVISION_HEADER,
                Long.toString(revision).getBytes(StandardCharsets.US_ASCII));
        record.getMessage().setBody("{\"readings\":1}".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Test
    void eachPatientDaysNewestRecordGoesToItsOwnIndexInTheSameRequest() {
        template.sendBody("direct:poll", List.of(patientDay("p-1/2026-12-07", 10), event("a", 5),
                patientDay("p-1/2026-12-07", 12), patientDay("p-2/2026-12-07", 11)));

        assertThat(requests).singleElement().satisfies(request -> assertThat(request)
                .extracting(IndexOperation::id, IndexOperation::version, IndexOperation::index)
                .containsExactly(tuple("p-1/2026-12-07", 12L, "bp_patient_days"), tuple("a", 5L, "bp_alerts"),
                        tuple("p-2/2026-12-07", 11L, "bp_patient_days")));
    }

    @Test
    void anOutageOrARefusalSendsThePollAgainUntilTheIndexTakesIt() {
        unreachable.set(2);
        refusedFirst.set(1);

        template.sendBody("direct:poll", List.of(event("a", 5)));

        assertThat(requests).as("two outages, a refusal, then taken").hasSize(2)
                .allSatisfy(request -> assertThat(request).extracting(IndexOperation::id).containsExactly("a"));
    }

    @Test
    void aPollOfRecordsFromAPreviousReleaseSendsNothing() {
        template.sendBody("direct:poll", List.of(event("old", -1)));

        assertThat(requests).isEmpty();
    }
}
