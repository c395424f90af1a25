package io.bpmonitor.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.Location;

/**
 * A message that cannot become a reading: answered {@code AE} with an ERR segment, and dead-lettered with the reason.
 *
 * <p>ERR-3 is a code of HL7 table 0357 and its text; ERR-2 where in the message, e.g. {@code OBX^3^6} (or nothing);
 * ERR-8 and the dead letter's reason what is wrong, never a value that identifies the patient.
 */
public class Hl7Refusal extends RuntimeException {

    /** Table 0357's 104, which HAPI's {@link ErrorCode} lacks. */
    static final int VALUE_TOO_LONG = 104;

    private final int code;
    private final String codeText;
    private final transient Location location;

    public Hl7Refusal(ErrorCode code, Location location, String reason) {
        this(code.getCode(), code.getMessage(), location, reason);
    }

    Hl7Refusal(int code, String codeText, Location location, String reason) {
        super(reason, null, false, false);
        this.code = code;
        this.codeText = codeText;
        this.location = location;
    }

    /** A field of the message: {@code segment} its {@code repetition}-th occurrence, {@code field} its position. */
    static Location at(String segment, int repetition, int field) {
        return new Location().withSegmentName(segment).withSegmentRepetition(repetition).withField(field)
                .withFieldRepetition(1);
    }

    /** The same refusal, saying the message's other readings were kept: the answer to a message read in part. */
    Hl7Refusal othersKept() {
        return new Hl7Refusal(code, codeText, location, getMessage() + "; the message's other readings were kept");
    }

    public int code() {
        return code;
    }

    public String codeText() {
        return codeText;
    }

    public Location location() {
        return location;
    }
}
