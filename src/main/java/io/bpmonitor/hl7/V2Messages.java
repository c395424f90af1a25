package io.bpmonitor.hl7;

import java.nio.charset.StandardCharsets;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v26.message.ACK;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.UUIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * Reads HL7 v2 as PCD-01 senders write it: any 2.x version into HAPI's v2.6 model (PCD-01 is 2.6; older monitors send
 * 2.3 to 2.5, which read the same where this door looks), without HAPI's conformance validation, since the mapping
 * checks what it uses and says where. Thread-safe.
 *
 * <p>Not camel-hl7's data format: it parses each message into its own version's model (a 2.3 monitor would need
 * HAPI's 2.3 structures, and each version's classes differ) and validates it HAPI's way, and its {@code ack()} puts the
 * reason in ERR-3 and MSA-3; this door needs one model, its own refusals, and the reason in ERR-8 with the place in
 * ERR-2 ({@link Hl7Acks}).
 */
public final class V2Messages {

    private final HapiContext context;
    private final PipeParser parser;

    public V2Messages() {
        context = new DefaultHapiContext(new CanonicalModelClassFactory("2.6"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        // ACK control ids: HAPI's default keeps a counter in a file of the working directory
        context.getParserConfiguration().setIdGenerator(new UUIDGenerator());
        parser = context.getPipeParser();
    }

    /**
     * The message, decoded as ISO-8859-1: every byte stays one character, so the delimiters and the ASCII fields this
     * door reads are exact whatever MSH-18 says, and the names it does not read cannot fail to decode.
     *
     * @throws Hl7Refusal not HL7 v2 that HAPI can read
     */
    public Message parse(byte[] raw) {
        try {
            return parser.parse(text(raw));
        } catch (HL7Exception | RuntimeException e) {
            // HAPI's own message quotes the content: only its code is kept
            throw new Hl7Refusal(e instanceof HL7Exception hl7 ? hl7.getError() : ErrorCode.APPLICATION_INTERNAL_ERROR,
                    null, "not an HL7 v2 message this door can read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A message to answer when the whole cannot be read: its MSH alone, or an empty header when that fails too. */
    public Message header(byte[] raw) {
        String text = text(raw).strip();
        int end = text.indexOf('\r') < 0 ? text.indexOf('\n') : text.indexOf('\r');
        try {
            return parser.parse((end < 0 ? text : text.substring(0, end)) + "\r");
        } catch (HL7Exception | RuntimeException e) {
            try {
                // made by this context, so its answer's control id is a UUID too
                ACK empty = context.newMessage(ACK.class);
                empty.initQuickstart("ACK", null, "P");
                return empty;
            } catch (java.io.IOException | HL7Exception impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private static String text(byte[] raw) {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }
}
