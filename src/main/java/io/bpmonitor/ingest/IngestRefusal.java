package io.bpmonitor.ingest;

import java.util.List;

/**
 * Why the endpoint refuses a request: the HTTP status and one OperationOutcome issue. The diagnostics name the
 * problem, never the payload or a credential.
 *
 * @param code       the FHIR issue type ({@code invalid}, {@code security}, {@code not-supported}, {@code too-costly},
 *                   {@code processing}, {@code transient})
 * @param expression where in the resource, FHIRPath-style, or null
 */
public class IngestRefusal extends RuntimeException {

    private final int status;
    private final String code;
    private final String expression;
    private final List<IngestRefusal> issues;

    public IngestRefusal(int status, String code, String diagnostics, String expression) {
        super(diagnostics, null, false, false);
        this.status = status;
        this.code = code;
        this.expression = expression;
        this.issues = List.of(this);
    }

    /** A refusal with several issues (a transaction Bundle with several bad entries). */
    public IngestRefusal(int status, List<IngestRefusal> issues) {
        super(issues.size() + " entries refused", null, false, false);
        this.status = status;
        this.code = "invalid";
        this.expression = null;
        this.issues = List.copyOf(issues);
    }

    public List<IngestRefusal> issues() {
        return issues;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String expression() {
        return expression;
    }
}
