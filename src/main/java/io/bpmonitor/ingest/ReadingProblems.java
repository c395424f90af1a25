package io.bpmonitor.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where in the Observation a reason of the reader points, FHIRPath-style, for the {@code expression} of a 422's
 * OperationOutcome: the reader's reasons are the dead-letter reasons, written for people; this maps them to places.
 */
final class ReadingProblems {

    /** First match wins: the more specific words first. */
    private static final Map<String, String> PLACES = new LinkedHashMap<>();

    static {
        PLACES.put("unit system", "Observation.component.value.ofType(Quantity).system");
        PLACES.put("unit", "Observation.component.value.ofType(Quantity).code");
        PLACES.put("value", "Observation.component.value");
        PLACES.put("systolic", "Observation.component.where(code.coding.code = '8480-6')");
        PLACES.put("diastolic", "Observation.component.where(code.coding.code = '8462-4')");
        PLACES.put("component", "Observation.component");
        PLACES.put("blood-pressure panel", "Observation.code");
        PLACES.put("status", "Observation.status");
        PLACES.put("Observation id", "Observation.id");
        PLACES.put("subject", "Observation.subject");
        PLACES.put("effective", "Observation.effective");
        PLACES.put("not an Observation", "Observation");
    }

    private ReadingProblems() {
    }

    /** @param prefix where the Observation sits, e.g. {@code Bundle.entry[2].resource}; null for a lone one */
    static String expression(String reason, String prefix) {
        int named = reason.indexOf(':');
        if (reason.startsWith("Observation.") && named > 0) { // R4's datatypes name their element first
            String path = reason.substring(0, named);
            return prefix == null ? path : prefix + path.substring("Observation".length());
        }
        for (Map.Entry<String, String> place : PLACES.entrySet()) {
            if (reason.contains(place.getKey())) {
                String path = place.getValue();
                return prefix == null ? path : prefix + path.substring("Observation".length());
            }
        }
        return prefix == null ? "Observation" : prefix;
    }
}
