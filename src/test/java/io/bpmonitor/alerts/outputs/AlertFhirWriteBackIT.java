package io.bpmonitor.alerts.outputs;

import static io.bpmonitor.config.Setting.BP_ALERT_FHIR_URL;
import static io.bpmonitor.config.Setting.BP_ALERT_RETRY_INITIAL_DELAY_MS;
import static io.bpmonitor.config.Setting.BP_ALERT_RETRY_MAX_DELAY_MS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.alerts.AlertJson;
import io.bpmonitor.deadletter.DeadLetterHeaders;
import io.bpmonitor.localstack.LocalFhirServer;
import io.bpmonitor.testing.ContractAlerts;
import io.bpmonitor.testing.RouteTestSupport;
import io.bpmonitor.testing.SettingMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/alert-fhir.yaml against a real FHIR R4 server (HAPI's JPA server of the local stack, {@link LocalFhirServer}),
 * the Kafka consumer stood in by a direct endpoint and the dead-letter topic by a mock: an open alert becomes one
 * active Flag on its patient with its Observations, a replay changes nothing, the resolved record makes the same Flag
 * inactive with its end, and a Flag the server refuses is dead-lettered with the status.
 */
class AlertFhirWriteBackIT extends RouteTestSupport {

    private static LocalFhirServer fhir;

    @Override
    protected String routesFile() {
        return "alert-fhir.yaml";
    }

    /** Camel's test support calls this from its constructor: the one server of the class starts on the first call. */
    @Override
    protected Map<String, String> settings() {
        synchronized (AlertFhirWriteBackIT.class) {
            if (fhir == null) {
                fhir = LocalFhirServer.start();
            }
        }
        return SettingMap.of(BP_ALERT_FHIR_URL, fhir.baseUrl(),
                BP_ALERT_RETRY_INITIAL_DELAY_MS, "5", BP_ALERT_RETRY_MAX_DELAY_MS, "20");
    }

    @Override
    protected void configureMore(MainConfigurationProperties configuration) {
        configuration.addConfiguration(AlertOutputConfiguration.class);
        configuration.addRoutesBuilder(new AlertOutputDelivery());
    }

    @AfterAll
    static void stopFhir() {
        if (fhir != null) {
            fhir.close();
        }
    }

    @BeforeEach
    void standIns() throws Exception {
        context.addComponent("kafka", new KafkaStandIn());
        consumeFrom("alert-fhir", "alerts");
        context.start();
    }

    private Exchange consume(ObjectNode alert, long offset) {
        return template.send("direct:alerts", exchange -> {
            Message message = exchange.getMessage();
            message.setHeader(KafkaConstants.TOPIC, "bp-alerts");
            message.setHeader(KafkaConstants.PARTITION, 0);
            message.setHeader(KafkaConstants.OFFSET, offset);
            message.setHeader(KafkaConstants.KEY, alert.path("patient_id").asText());
            message.setBody(ContractAlerts.bytes(alert));
        });
    }

    /** The patient and its Observations exist on the server, as they do in the EHR the readings come from. */
    private static void seed(String patientId, List<String> observationIds) {
        IGenericClient client = fhir.client();
        Patient patient = new Patient();
        patient.setId("Patient/" + patientId);
        client.update().resource(patient).execute();
        for (String id : observationIds) {
            Observation observation = new Observation();
            observation.setId("Observation/" + id);
            observation.setStatus(Observation.ObservationStatus.FINAL);
            observation.getCode().setText("Blood pressure panel");
            observation.setSubject(new Reference("Patient/" + patientId));
            client.update().resource(observation).execute();
        }
    }

    private static List<Flag> flagsOf(String alertId) {
        Bundle found = fhir.client().search().forResource(Flag.class)
                .where(Flag.IDENTIFIER.exactly().systemAndCode(AlertFlags.IDENTIFIER_SYSTEM, alertId))
                .returnBundle(Bundle.class).execute();
        return found.getEntry().stream().map(entry -> (Flag) entry.getResource()).toList();
    }

    @Test
    void anOpenAlertIsOneActiveFlagAReplayChangesNothingAndResolvingMakesItInactive() {
        seed("p-fhir-1", List.of("obs-fhir-1", "obs-fhir-2"));
        ObjectNode open = ContractAlerts.open("f1a90000000000a1", "p-fhir-1", "sustained", "2026-11-29T18:00:00Z",
                158, 97, List.of("obs-fhir-1", "obs-fhir-2"));

        assertThat(consume(open, 0).getException()).isNull();

        List<Flag> flags = flagsOf("f1a90000000000a1");
        assertThat(flags).hasSize(1);
        Flag flag = flags.get(0);
        assertThat(flag.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
        assertThat(flag.getSubject().getReference()).isEqualTo("Patient/p-fhir-1");
        assertThat(flag.getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-11-29T18:00:00Z");
        assertThat(flag.getPeriod().hasEnd()).isFalse();
        assertThat(flag.getCode().getText())
                .isEqualTo("Sustained hypertension at home: 7-day mean up to 158/97 mmHg over 2 readings");
        assertThat(flag.getExtensionsByUrl(AlertFlags.FLAG_DETAIL)).extracting(Extension::getValue)
                .extracting(value -> ((Reference) value).getReference())
                .containsExactly("Observation/obs-fhir-1", "Observation/obs-fhir-2");
        String id = flag.getIdElement().getIdPart();

        assertThat(consume(open, 0).getException()).as("a replay").isNull();
        assertThat(flagsOf("f1a90000000000a1")).hasSize(1)
                .allSatisfy(same -> assertThat(same.getIdElement().getIdPart()).isEqualTo(id));

        assertThat(consume(ContractAlerts.resolved(open, "2026-11-29T19:30:00Z", "no anomaly for 60 minutes"), 1)
                .getException()).isNull();
        List<Flag> resolved = flagsOf("f1a90000000000a1");
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).getIdElement().getIdPart()).isEqualTo(id);
        assertThat(resolved.get(0).getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
        assertThat(resolved.get(0).getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-11-29T19:30:00Z");
        assertThat(getMockEndpoint("mock:bp-alerts-dlq").getReceivedCounter()).isZero();
    }

    @Test
    void aFlagTheServerRefusesIsDeadLetteredWithTheStatus() throws Exception {
        MockEndpoint deadLetters = getMockEndpoint("mock:bp-alerts-dlq");
        deadLetters.expectedMessageCount(2);
        seed("p-fhir-2", List.of());
        ObjectNode alert = ContractAlerts.open("f1a90000000000b2", "p-fhir-2", "crisis", "2026-11-29T18:10:00Z",
                201, 125, List.of());
        // two Flags already carry the alert's identifier (written by hand, say): the conditional update cannot
        // choose, and the server answers 412 however often it is asked
        for (int i = 0; i < 2; i++) {
            fhir.client().create().resource(AlertFlags.toFlag(AlertJson.readAlert(ContractAlerts.bytes(alert)))).execute();
        }
        ObjectNode badTime = ContractAlerts.open("f1a90000000000b3", "p-fhir-2", "crisis", "yesterday evening",
                201, 125, List.of());

        assertThat(consume(alert, 2).getException()).as("handled: the queue moves on").isNull();
        assertThat(consume(badTime, 3).getException()).isNull();

        deadLetters.assertIsSatisfied();
        assertThat(deadLetters.getExchanges()).extracting(e -> e.getMessage().getHeader(DeadLetterHeaders.REASON, String.class))
                .containsExactly("The FHIR server refused the Flag with HTTP 412",
                        "Unreadable alert: opened_at is not what an alert holds there");
        assertThat(flagsOf("f1a90000000000b2")).hasSize(2);
        assertThat(flagsOf("f1a90000000000b3")).isEmpty();
    }
}
