package io.bpmonitor.hl7;

import java.nio.charset.StandardCharsets;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v26.datatype.ERL;
import ca.uhn.hl7v2.model.v26.segment.ERR;
import ca.uhn.hl7v2.model.v26.segment.MSH;

/**
 * The answers a monitor gets, built by HAPI from its own message (MSA-2 its control id, the sender and receiver
 * swapped): {@code AA} once Kafka has the readings, {@code AE} with an ERR segment saying what and where for a message
 * that cannot become a reading, {@code AR} when nothing could be stored and the monitor should send it again.
 */
public final class Hl7Acks {

    private Hl7Acks() {
    }

    public static byte[] accepted(Message message) {
        return answer(message, AcknowledgmentCode.AA, null);
    }

    /** ERR-2 the location, ERR-3 the HL7 table 0357 code, ERR-4 {@code E}, ERR-8 the reason. */
    public static byte[] refused(Message message, Hl7Refusal refusal) {
        return answer(message, AcknowledgmentCode.AE, refusal);
    }

    /** Kafka did not acknowledge: nothing is kept, the monitor sends the message again. */
    public static byte[] unavailable(Message message) {
        return answer(message, AcknowledgmentCode.AR, new Hl7Refusal(ErrorCode.APPLICATION_INTERNAL_ERROR, null,
                "the readings cannot be stored now; send the message again"));
    }

    private static byte[] answer(Message message, AcknowledgmentCode code, Hl7Refusal error) {
        try {
            Message ack = message.generateACK(code, null);
            // HAPI keeps the first component of the sender's application and facility: a PCD-01 sender names itself
            // by all three (name, EUI-64, its type), and is answered so
            MSH received = (MSH) message.get("MSH");
            MSH answer = (MSH) ack.get("MSH");
            answer.getReceivingApplication().parse(received.getSendingApplication().encode());
            answer.getReceivingFacility().parse(received.getSendingFacility().encode());
            if (error != null) {
                ERR err = (ERR) ack.get("ERR");
                location(err.getErrorLocation(0), error.location());
                err.getHL7ErrorCode().getIdentifier().setValue(String.valueOf(error.code()));
                err.getHL7ErrorCode().getText().setValue(error.codeText());
                err.getHL7ErrorCode().getNameOfCodingSystem().setValue("HL70357");
                err.getSeverity().setValue("E");
                err.getUserMessage().setValue(error.getMessage());
            }
            // the answer is ASCII: fields the sender chose (application, facility, control id) and texts of ours
            return ack.encode().getBytes(StandardCharsets.ISO_8859_1);
        } catch (HL7Exception | java.io.IOException e) {
            throw new IllegalStateException("cannot build the " + code + " answer", e);
        }
    }

    private static void location(ERL erl, Location location) throws HL7Exception {
        if (location == null) {
            return;
        }
        erl.getSegmentID().setValue(location.getSegmentName());
        erl.getSegmentSequence().setValue(String.valueOf(location.getSegmentRepetition()));
        if (location.getField() > 0) {
            erl.getFieldPosition().setValue(String.valueOf(location.getField()));
            erl.getFieldRepetition().setValue("1");
        }
    }
}
