package io.bpmonitor.hl7;

import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_HL7_PORT;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bpmonitor.deadletter.DeadLetterHeaders;
import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.fhir.ObservationReader;
import io.bpmonitor.localstack.FreePorts;
import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The packaged app with the role hl7 alone on real Kafka, driven by monitors as HAPI v2's MLLP client: PCD-01 samples
 * become Observations on BP_TOPIC answered AA, a resent message is the same reading, what cannot become a reading is
 * answered AE with an ERR segment and dead-lettered raw with its reason, a burst of 10,000 messages on one connection is
 * answered AA one by one and on the topic exactly once, a connection dropped mid-message leaves nothing behind, and a
 * monitor that reconnects carries on, and with Kafka down a monitor is answered AR and taken once it is back.
 */
class Hl7MllpIT {

    private static final int BURST = 10_000;
    private static final ObservationReader READER = new ObservationReader();

    @Test
    void monitorsMessagesBecomeReadingsAnsweredOnlyOnceKafkaHasThem() throws Exception {
        Map<String, String> settings = RunningApp.isolatedSettings(SharedStack.kafkaBootstrapServers(), "");
        settings.put(BP_ROUTES.property(), "hl7");
        int port = FreePorts.next();
        settings.put(BP_HL7_PORT.property(), String.valueOf(port));
        String topic = settings.get(BP_TOPIC.property());
        String deadLetterTopic = settings.get(BP_DLQ_TOPIC.property());
        SharedStack.createTopic(topic, 2);
        SharedStack.createTopic(deadLetterTopic, 1);

        try (AppProcess app = AppProcess.start("hl7", settings).awaitStarted(Duration.ofSeconds(90))) {
            try (MllpClient monitor = MllpClient.connect(port)) {
                for (String sample : new String[] {"pcd01-nibp.hl7", "pcd01-kpa.hl7", "pcd01-systolic-only.hl7"}) {
                    assertThat(monitor.send(Pcd01Samples.text(sample))).as(sample).contains("\rMSA|AA|");
                }
                // the ACK was lost and the monitor sends the message again: the same reading, by its id
                assertThat(monitor.send(Pcd01Samples.text("pcd01-nibp.hl7"))).contains("\rMSA|AA|MON3B-000001");

                assertThat(monitor.send(Pcd01Samples.text("pcd01-no-bp.hl7"))).contains("\rMSA|AE|MON3B-000002\r")
                        .contains("\rERR||OBX^1^3^1|101^Required field missing^HL70357|E||||no blood-pressure OBX");
                assertThat(monitor.send(Pcd01Samples.text("pcd01-unknown-unit.hl7"))).contains("\rMSA|AE|MON3B-000003\r")
                        .contains("\rERR||OBX^1^6^1|103^Table value not found^HL70357|E||||OBX-6 unit 'mbar'");
                assertThat(monitor.send(Pcd01Samples.text("adt-a01.hl7"))).contains("\rMSA|AE|ADT-90001\r")
                        .contains("|200^Unsupported message type^HL70357|");
            }

            // a monitor that dies mid-message: the partial frame is no reading, and the next connection is served
            try (MllpClient dying = MllpClient.connect(port)) {
                String half = Pcd01Samples.nibp("HALF-1", "HALF-PATIENT", 150, 95);
                dying.writeRaw(("\u000b" + half.substring(0, half.length() / 2)).getBytes(StandardCharsets.UTF_8));
            }
            // the burst: one connection, one message after the other's AA, as a monitor sends
            long started = System.nanoTime();
            try (MllpClient monitor = MllpClient.connect(port)) {
                for (int i = 0; i < BURST; i++) {
                    String patient = "BURST-" + (i % 97);
                    String ack = monitor.send(Pcd01Samples.nibp("BURST-" + i, patient, 120 + i % 60, 70 + i % 30));
                    assertThat(ack).as("message %d", i).contains("\rMSA|AA|BURST-" + i + "\r");
                }
            }
            Duration burst = Duration.ofNanos(System.nanoTime() - started);
            // a monitor that reconnects after the burst carries on where it was
            try (MllpClient monitor = MllpClient.connect(port)) {
                assertThat(monitor.send(Pcd01Samples.nibp("AFTER-1", "AFTER-PATIENT", 131, 82))).contains("MSA|AA|AFTER-1");
            }
            System.out.printf("Hl7MllpIT: %d messages on one connection in %d ms (%.0f/s)%n", BURST, burst.toMillis(),
                    BURST * 1e9 / burst.toNanos());

            // acknowledged means on the topic already: read once, no waiting
            List<ConsumerRecord<String, byte[]>> records = KafkaTestClient.readCommitted(topic, Duration.ofSeconds(30));
            Set<String> ids = new HashSet<>();
            Set<String> patients = new HashSet<>();
            Map<String, BloodPressureReading> byPatientAndSystolic = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                BloodPressureReading reading = READER.read(record.value());
                assertThat(record.key()).as("keyed by patient").isEqualTo(reading.patientId());
                ids.add(reading.observationId());
                patients.add(reading.patientId());
                byPatientAndSystolic.put(reading.patientId() + "/" + reading.systolicOrNull(), reading);
            }
            assertThat(records).as("4 samples (one sent twice), the burst, the reconnected monitor; nothing half-sent")
                    .hasSize(BURST + 5);
            assertThat(ids).as("the resent sample is the same Observation, every other one its own").hasSize(BURST + 4);
            assertThat(patients).doesNotContain("HALF-PATIENT").contains("AFTER-PATIENT");
            assertThat(byPatientAndSystolic.get("HOSP-48213/152").diastolicOrNull()).isEqualTo(94);
            assertThat(byPatientAndSystolic.get("HOSP-51007/152").diastolicOrNull()).as("kPa, converted").isEqualTo(94);
            assertThat(byPatientAndSystolic.get("HOSP-60211/212").diastolicOrNull()).as("systolic alone").isNull();

            List<ConsumerRecord<String, byte[]>> deadLetters = KafkaTestClient.readCommitted(deadLetterTopic,
                    Duration.ofSeconds(10));
            assertThat(deadLetters).hasSize(3);
            assertThat(new String(deadLetters.get(1).value(), StandardCharsets.UTF_8)).as("the message as received")
                    .isEqualTo(Pcd01Samples.text("pcd01-unknown-unit.hl7"));
            assertThat(new String(deadLetters.get(1).headers().lastHeader(DeadLetterHeaders.REASON).value(),
                    StandardCharsets.UTF_8)).startsWith("HL7 v2: OBX-6 unit 'mbar'");

            // Kafka down: AR, nothing promised; once it is back, the same message is taken
            long stopped = System.nanoTime();
            String later = Pcd01Samples.nibp("LATER-1", "LATER-PATIENT", 133, 84);
            try {
                SharedStack.stopKafka();
                try (MllpClient monitor = MllpClient.connect(port)) {
                    assertThat(monitor.send(later)).contains("\rMSA|AR|LATER-1\r")
                            .contains("|207^Application internal error^HL70357|E||||the readings cannot be stored now");
                }
            } finally {
                SharedStack.startKafka();
            }
            Poll.until(Duration.ofSeconds(60), () -> {
                try (MllpClient monitor = MllpClient.connect(port)) {
                    return monitor.send(later).contains("\rMSA|AA|LATER-1\r");
                }
            }, "AA again once Kafka is back");
            System.out.printf("Hl7MllpIT: Kafka down and back in %d ms%n", (System.nanoTime() - stopped) / 1_000_000);

            assertThat(app.logText()).as("no health data, no stack trace in the log").doesNotContain("HOSP-48213")
                    .doesNotContain("BURST-1").doesNotContain("Martin").doesNotContain("\tat ");
        }
    }
}
