package io.bpmonitor.fhir;

/**
 * A message that cannot be a blood-pressure reading. Its message is the dead-letter reason, so it names the problem
 * and never carries the payload.
 */
public class InvalidReadingException extends RuntimeException {

    private final boolean notFhirJson;

    public InvalidReadingException(String reason) {
        this(reason, false);
    }

    private InvalidReadingException(String reason, boolean notFhirJson) {
        super(reason);
        this.notFhirJson = notFhirJson;
    }

    /** The bytes are not FHIR JSON at all (not JSON, not one document, an element R4 does not define...). */
    static InvalidReadingException notFhirJson(String reason, Throwable cause) {
        InvalidReadingException refusal = new InvalidReadingException(reason, true);
        refusal.initCause(cause);
        return refusal;
    }

    /** Whether the refusal is of the bytes' structure rather than of the reading they describe. */
    public boolean isNotFhirJson() {
        return notFhirJson;
    }
}
