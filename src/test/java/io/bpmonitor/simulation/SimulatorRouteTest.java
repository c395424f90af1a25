package io.bpmonitor.simulation;

import static io.bpmonitor.config.Setting.BP_SIMULATOR_PATIENTS;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_MODE;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_RATE;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_SEED;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.bpmonitor.observe.PipelineCounters;
import io.bpmonitor.testing.RouteTestSupport;
import io.bpmonitor.testing.SettingMap;
import org.apache.camel.Message;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/** routes/simulator.yaml with Kafka stood in: each tick is one batch of bp-profile JSON messages keyed by patient. */
class SimulatorRouteTest extends RouteTestSupport {

    @Override
    protected String routesFile() {
        return "simulator.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return SettingMap.of(BP_SIMULATOR_MODE, "stream", BP_SIMULATOR_RATE, "200", BP_SIMULATOR_SEED, "42", BP_SIMULATOR_PATIENTS, "5");
    }

    @Test
    void eachTickIsABatchOfKeyedObservationsCountedOnceSent() throws Exception {
        sendInsteadTo("simulator", "kafka:*", "kafka");
        MockEndpoint kafka = getMockEndpoint("mock:kafka");
        kafka.expectedMinimumMessageCount(3);
        NotifyBuilder ticks = new NotifyBuilder(context).fromRoute("simulator").whenCompleted(3).create();
        context.start();

        assertThat(ticks.matches(10, TimeUnit.SECONDS)).isTrue();
        kafka.assertIsSatisfied();
        context.getRouteController().stopRoute("simulator");

        Set<String> patients = new HashSet<>();
        long sent = 0;
        for (var exchange : kafka.getExchanges()) {
            List<?> batch = exchange.getMessage().getBody(List.class);
            for (Object element : batch) {
                Message message = (Message) element;
                String key = message.getHeader(KafkaConstants.KEY, String.class);
                String json = new String(message.getBody(byte[].class), StandardCharsets.UTF_8);
                assertThat(json).contains("\"reference\":\"Patient/" + key + "\"")
                        .contains("http://hl7.org/fhir/StructureDefinition/bp");
                patients.add(key);
                sent++;
            }
        }
        assertThat(sent).as("about 20 readings a tick at 200/s").isPositive();
        assertThat(patients).hasSizeLessThanOrEqualTo(5).isNotEmpty();
        assertThat(context.getRegistry().lookupByNameAndType("pipelineCounters", PipelineCounters.class).produced())
                .as("each sent reading counted once").isEqualTo(sent);
    }
}
