package io.bpmonitor.hl7;

import static io.bpmonitor.config.Setting.BP_HL7_ALLOWED_PEERS;
import static io.bpmonitor.config.Setting.BP_HL7_HOST;
import static io.bpmonitor.config.Setting.BP_HL7_PORT;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.bpmonitor.deadletter.DeadLetterHeaders;
import io.bpmonitor.localstack.FreePorts;
import io.bpmonitor.testing.RouteTestSupport;
import io.bpmonitor.testing.SettingMap;
import org.apache.camel.Message;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.component.kafka.KafkaConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/hl7.yaml on a real MLLP listener, a monitor's connection from HAPI v2's MLLP client, and Kafka stood in: which
 * answer a monitor gets, and what reaches the readings and dead-letter topics, including with Kafka down.
 */
class Hl7RouteTest extends RouteTestSupport {

    private static final int PORT = FreePorts.next();
    private boolean kafkaDown;

    @Override
    protected String routesFile() {
        return "hl7.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return SettingMap.of(BP_ROUTES, "hl7", BP_HL7_HOST, "127.0.0.1", BP_HL7_PORT, String.valueOf(PORT),
                BP_HL7_ALLOWED_PEERS, "127.0.0.1");
    }

    /** The readings' and the dead letters' Kafka sends stood in by {@code mock:readings} and {@code mock:deadLetters}. */
    static void standInForKafka(ModelCamelContext context) throws Exception {
        AdviceWith.adviceWith(context, "hl7-mllp", route -> route.weaveById("hl7-send-readings").replace()
                .to("mock:readings"));
        AdviceWith.adviceWith(context, "hl7-dead-letter", route -> route.weaveById("hl7-send-dead-letter").replace()
                .to("mock:deadLetters"));
        context.start();
    }

    @BeforeEach
    void kafkaStandIn() throws Exception {
        standInForKafka(context);
        for (String topic : new String[] {"readings", "deadLetters"}) {
            getMockEndpoint("mock:" + topic).whenAnyExchangeReceived(exchange -> {
                if (kafkaDown) {
                    throw new org.apache.kafka.common.errors.TimeoutException("no broker");
                }
            });
        }
    }

    private String send(String message) {
        try (MllpClient monitor = MllpClient.connect(PORT)) {
            return monitor.send(message);
        }
    }

    @Test
    void aReadingIsSentKeyedByPatientThenAcknowledgedAA() {
        String ack = send(Pcd01Samples.text("pcd01-nibp.hl7"));

        assertThat(ack).contains("\rMSA|AA|MON3B-000001").startsWith("MSH|^~\\&|BP-MONITOR|HOSPITAL|ICU-MONITOR^0019C8FFFE3A1B22^EUI-64|ICU-3B|")
                .doesNotContain("ERR");
        List<?> sent = getMockEndpoint("mock:readings").getExchanges().get(0).getMessage().getBody(List.class);
        assertThat(sent).hasSize(1);
        Message record = (Message) sent.get(0);
        assertThat(record.getHeader(KafkaConstants.KEY)).isEqualTo("HOSP-48213");
        assertThat(new String((byte[]) record.getBody(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"resourceType\":\"Observation\"").contains("8480-6");
        assertThat(getMockEndpoint("mock:deadLetters").getReceivedCounter()).isZero();
    }

    @Test
    void aMessageThatCannotBecomeAReadingIsDeadLetteredThenAnsweredAEWithWhatAndWhere() {
        String message = Pcd01Samples.text("pcd01-unknown-unit.hl7");
        String ack = send(message);

        assertThat(ack).contains("\rMSA|AE|MON3B-000003\r").contains("\rERR||OBX^1^6^1|103^Table value not found^HL70357|E||||"
                + "OBX-6 unit 'mbar' of MDC_PRESS_BLD_NONINV_SYS is neither mmHg (MDC 266016, UCUM mm[Hg]) nor kPa"
                + " (MDC 265987, UCUM kPa)");
        assertThat(ack).doesNotContain("HOSP-48213");
        assertThat(getMockEndpoint("mock:readings").getReceivedCounter()).isZero();
        Message deadLetter = getMockEndpoint("mock:deadLetters").getExchanges().get(0).getMessage();
        assertThat(deadLetter.getBody(String.class)).as("the message as received").isEqualTo(message);
        assertThat(deadLetter.getHeader(DeadLetterHeaders.REASON, String.class)).startsWith("HL7 v2: OBX-6 unit 'mbar'");
        assertThat(deadLetter.getHeader(DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("mllp");
    }

    /** A crisis is read even when another measurement of its message cannot be: kept, then AE for the other. */
    @Test
    void aMessageReadInPartKeepsItsReadingsThenAnswersAEForTheRest() {
        String message = Pcd01Samples.text("pcd01-unknown-unit.hl7")
                + "OBR|2|MON3B-000003^ICU-MONITOR^0019C8FFFE3A1B22^EUI-64||182777000^monitoring of patient^SNOMED-CT|||"
                + "20261201093258+0100\r"
                + "OBX|3|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.1.1.1|204|266016^MDC_DIM_MMHG^MDC|||||F|||20261201093258+0100\r"
                + "OBX|4|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.1.1.2|126|266016^MDC_DIM_MMHG^MDC|||||F|||20261201093258+0100\r";

        String ack = send(message);

        assertThat(ack).contains("\rMSA|AE|MON3B-000003\r").contains("\rERR||OBX^1^6^1|103^Table value not found^HL70357|E")
                .contains("; the message's other readings were kept");
        List<?> sent = getMockEndpoint("mock:readings").getExchanges().get(0).getMessage().getBody(List.class);
        assertThat(sent).singleElement().satisfies(record -> assertThat(new String((byte[]) ((Message) record).getBody(),
                java.nio.charset.StandardCharsets.UTF_8)).contains("\"value\":204").contains("\"value\":126"));
        assertThat(getMockEndpoint("mock:deadLetters").getExchanges()).singleElement().satisfies(deadLetter ->
                assertThat(deadLetter.getMessage().getBody(String.class)).isEqualTo(message));
    }

    @Test
    void aWrongMessageTypeAndSomethingThatIsNotHl7AreAnsweredAE() {
        assertThat(send(Pcd01Samples.text("adt-a01.hl7"))).contains("\rMSA|AE|ADT-90001\r")
                .contains("\rERR||MSH^1^9^1|200^Unsupported message type^HL70357|E");
        assertThat(send("not HL7 at all, patient HOSP-48213")).contains("\rMSA|AE|")
                .contains("|E||||not an HL7 v2 message this door can read").doesNotContain("48213");
        assertThat(getMockEndpoint("mock:deadLetters").getReceivedCounter()).isEqualTo(2);
    }

    @Test
    void kafkaNotAcknowledgingIsAnsweredARAndNothingIsPromised() {
        kafkaDown = true;

        assertThat(send(Pcd01Samples.text("pcd01-nibp.hl7"))).contains("\rMSA|AR|MON3B-000001\r")
                .contains("|207^Application internal error^HL70357|E||||the readings cannot be stored now");
        assertThat(send(Pcd01Samples.text("pcd01-no-bp.hl7"))).as("nor its dead letter").contains("MSA|AR|MON3B-000002");

        kafkaDown = false;
        assertThat(send(Pcd01Samples.text("pcd01-nibp.hl7"))).as("sent again").contains("MSA|AA|MON3B-000001");
    }

    @Test
    void aMessageOverTheLimitIsRefusedAndDeadLetteredCut() {
        String tooLong = Pcd01Samples.text("pcd01-nibp.hl7") + "NTE|1||" + "x".repeat(70_000) + "\r";

        assertThat(send(tooLong)).contains("\rMSA|AE|MON3B-000001\r").contains("\rERR|||104^Value too long^HL70357|E||||"
                + "message of " + tooLong.length() + " bytes, over BP_MAX_MESSAGE_BYTES (65536)");
        assertThat(getMockEndpoint("mock:readings").getReceivedCounter()).isZero();
        byte[] deadLetter = getMockEndpoint("mock:deadLetters").getExchanges().get(0).getMessage().getBody(byte[].class);
        assertThat(new String(deadLetter, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(tooLong.substring(0, 65_536));
    }

    @Test
    void aPeerOutsideTheAllowedOnesIsDisconnectedBeforeAnythingIsRead() {
        try (MllpClient stranger = MllpClient.connect(PORT, "127.0.0.2")) {
            assertThat(stranger.closedByListener()).isTrue();
        }
        assertThat(getMockEndpoint("mock:readings").getReceivedCounter()).isZero();
        assertThat(send(Pcd01Samples.text("pcd01-nibp.hl7"))).as("an allowed peer still gets in").contains("MSA|AA");
    }
}
