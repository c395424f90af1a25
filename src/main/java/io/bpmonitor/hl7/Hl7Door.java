package io.bpmonitor.hl7;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import io.bpmonitor.deadletter.DeadLetterHeaders;
import io.bpmonitor.deadletter.DeadLetters;
import io.bpmonitor.fhir.BloodPressureReading;
import io.bpmonitor.fhir.InvalidReadingException;
import io.bpmonitor.fhir.MessageReader;
import io.bpmonitor.kafka.ConsumedRecord;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mllp.MllpConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * The steps of {@code routes/hl7.yaml}: an ORU^R01 becomes Observations ({@link Pcd01Mapping}) that the detector's own
 * {@link MessageReader} judges, sent to Kafka keyed by patient; the answer is set only once Kafka has acknowledged
 * them (camel-mllp sends it, its automatic ACK being off). A message that cannot become readings is dead-lettered,
 * raw, with its reason, then answered {@code AE}.
 */
public class Hl7Door {

    /** Exchange properties: the bytes received, and the message as read (for the answer). */
    static final String RAW = "bpHl7Raw";
    static final String MESSAGE = "bpHl7Message";
    /** Exchange property: why a group of a message otherwise read was refused. */
    static final String REFUSED_IN_PART = "bpHl7RefusedInPart";
    /** Where an HL7 dead letter came from, in {@code dlq.source.topic}: no Kafka topic, the MLLP door. */
    static final String SOURCE = "mllp";

    private final V2Messages messages;
    private final Pcd01Mapping mapping;
    private final MessageReader reader;
    private final FhirContext r4;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final int maxMessageBytes;

    /** @param maxMessageBytes {@code BP_MAX_MESSAGE_BYTES}: a longer message is refused unread */
    public Hl7Door(V2Messages messages, Pcd01Mapping mapping, MessageReader reader, FhirContext r4,
                   DeadLetters deadLetters, Clock clock, int maxMessageBytes) {
        this.messages = messages;
        this.mapping = mapping;
        this.reader = reader;
        this.r4 = r4;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The message's readings as Kafka records (the body: a list for camel-kafka's batch), or an {@link Hl7Refusal}. */
    public void read(Exchange exchange) {
        // an empty frame has no body: refused as not HL7, like any other bytes that are not
        byte[] raw = Objects.requireNonNullElse(exchange.getMessage().getBody(byte[].class), new byte[0]);
        if (raw.length > maxMessageBytes) {
            // camel-mllp reads a frame whole whatever its size: refused here, and only its start is kept
            exchange.setProperty(RAW, Arrays.copyOf(raw, maxMessageBytes));
            throw new Hl7Refusal(Hl7Refusal.VALUE_TOO_LONG, "Value too long", null, "message of " + raw.length
                    + " bytes, over BP_MAX_MESSAGE_BYTES (" + maxMessageBytes + "); its dead letter holds its first "
                    + maxMessageBytes);
        }
        exchange.setProperty(RAW, raw);
        Message message = messages.parse(raw);
        exchange.setProperty(MESSAGE, message);
        List<org.apache.camel.Message> records = new ArrayList<>();
        List<Hl7Refusal> refused;
        try {
            Pcd01Mapping.Readings readings = mapping.map(message);
            refused = new ArrayList<>(readings.refused());
            for (Pcd01Mapping.Mapped mapped : readings.readings()) {
                byte[] json = r4.newJsonParser().encodeResourceToString(mapped.observation())
                        .getBytes(StandardCharsets.UTF_8);
                try {
                    records.add(record(exchange, json, readAsTheDetectorWill(json, mapped)));
                } catch (Hl7Refusal refusal) {
                    refused.add(refusal);
                }
            }
        } catch (HL7Exception e) {
            throw new Hl7Refusal(e.getError(), null, "the ORU^R01 cannot be read (" + e.getError().getMessage() + ")");
        }
        if (records.isEmpty()) {
            throw refused.get(0);
        }
        if (!refused.isEmpty()) {
            // the readings go out first; then the message is dead-lettered and answered AE for what was refused
            exchange.setProperty(REFUSED_IN_PART, refused.get(0).othersKept());
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(records);
    }

    /** The door refuses what the detector would dead-letter, with the detector's reason. */
    private BloodPressureReading readAsTheDetectorWill(byte[] json, Pcd01Mapping.Mapped mapped) {
        try {
            return reader.read(json, clock.millis());
        } catch (InvalidReadingException e) {
            throw new Hl7Refusal(ErrorCode.DATA_TYPE_ERROR, mapped.location(), "not a usable reading: " + e.getMessage());
        }
    }

    private static org.apache.camel.Message record(Exchange exchange, byte[] json, BloodPressureReading reading) {
        org.apache.camel.Message record = new DefaultMessage(exchange.getContext());
        record.setHeader(KafkaConstants.KEY, reading.patientId());
        record.setBody(json);
        return record;
    }

    /**
     * After Kafka's acknowledgement: {@code AA}; or, for a message read in part, its refusal ({@code AE}, and the
     * message dead-lettered), which a monitor may send again harmlessly since its readings keep their ids.
     */
    public void accepted(Exchange exchange) {
        Hl7Refusal refusedInPart = exchange.getProperty(REFUSED_IN_PART, Hl7Refusal.class);
        if (refusedInPart != null) {
            throw refusedInPart;
        }
        answer(exchange, Hl7Acks.accepted(exchange.getProperty(MESSAGE, Message.class)));
    }

    /** The refused message as a dead letter: its bytes unchanged, the reason in {@code dlq.reason}. */
    public void deadLetter(Exchange exchange) {
        Hl7Refusal refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Hl7Refusal.class);
        ConsumedRecord source = new ConsumedRecord(SOURCE, -1, -1, null, Map.of(), exchange.getProperty(RAW, byte[].class));
        DeadLetterHeaders.write(deadLetters.of(source, "HL7 v2: " + refusal.getMessage(), Hl7Refusal.class.getName()),
                exchange.getMessage());
    }

    /** After the dead letter's acknowledgement: {@code AE} with the ERR segment. */
    public void refused(Exchange exchange) {
        Hl7Refusal refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Hl7Refusal.class);
        answer(exchange, Hl7Acks.refused(answered(exchange), refusal));
    }

    /** Kafka did not acknowledge (the readings or the dead letter): {@code AR}, the monitor sends it again. */
    public void unavailable(Exchange exchange) {
        answer(exchange, Hl7Acks.unavailable(answered(exchange)));
    }

    /** The message as read, or its header alone when it could not be read whole. */
    private Message answered(Exchange exchange) {
        Message message = exchange.getProperty(MESSAGE, Message.class);
        return message != null ? message : messages.header(exchange.getProperty(RAW, byte[].class));
    }

    private static void answer(Exchange exchange, byte[] ack) {
        exchange.setProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT, ack);
    }
}
