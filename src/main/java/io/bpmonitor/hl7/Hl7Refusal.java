package io.bpmonitor.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.Location;

/**
 * A message that cannot become a reading: answered {@code AE} with an ERR segment, and dead-lettered with the reason.
 *
 * @param code     HL7 table 0357's code (ERR-3)
 * @param location where in the message (ERR-2), e.g. {@code OBX^3^6}
 * @param reason   what is wrong (ERR-8 and the dead letter's reason): never a value that identifies the patient
 */
public class Hl7Refusal extends RuntimeException {

    private final ErrorCode code;
    private final transient Location location;

    public Hl7Refusal(ErrorCode code, Location location, String reason) {
        super(reason, null, false, false);
        this.code = code;
        this.location = location;
    }

    /** A field of the message: {@code segment} its {@code repetition}-th occurrence, {@code field} its position. */
    static Location at(String segment, int repetition, int field) {
        return new Location().withSegmentName(segment).withSegmentRepetition(repetition).withField(field)
                .withFieldRepetition(1);
    }

    public ErrorCode code() {
        return code;
    }

    public Location location() {
        return location;
    }
}
