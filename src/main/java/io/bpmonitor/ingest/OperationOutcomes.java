package io.bpmonitor.ingest;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** FHIR OperationOutcome resources, the body of every error the endpoint answers. */
final class OperationOutcomes {

    static final ObjectMapper JSON = new ObjectMapper();

    private OperationOutcomes() {
    }

    static ObjectNode of(List<IngestRefusal> problems) {
        ObjectNode outcome = JSON.createObjectNode().put("resourceType", "OperationOutcome");
        ArrayNode issues = outcome.putArray("issue");
        for (IngestRefusal problem : problems) {
            ObjectNode issue = issues.addObject().put("severity", "error").put("code", problem.code())
                    .put("diagnostics", problem.getMessage());
            if (problem.expression() != null) {
                issue.putArray("expression").add(problem.expression());
            }
        }
        return outcome;
    }

    /** An outcome that is no error: what became of a request that was taken. */
    static ObjectNode information(String diagnostics) {
        ObjectNode outcome = JSON.createObjectNode().put("resourceType", "OperationOutcome");
        outcome.putArray("issue").addObject().put("severity", "information").put("code", "informational")
                .put("diagnostics", diagnostics);
        return outcome;
    }

    static ObjectNode of(IngestRefusal problem) {
        return of(List.of(problem));
    }
}
