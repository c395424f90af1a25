package io.bpmonitor.ingest;

import java.util.Locale;
import java.util.Set;

import org.apache.camel.Message;

/**
 * The endpoint answers in FHIR JSON only: a request whose {@code _format} or {@code Accept} asks for anything else
 * (XML, Turtle, HTML) gets 406 with an OperationOutcome, as R4's content negotiation says.
 */
final class JsonFormats {

    private static final Set<String> JSON_TYPES = Set.of("application/fhir+json", "application/json",
            "application/json+fhir", "*/*", "application/*");
    private static final Set<String> JSON_FORMATS = Set.of("json", "application/fhir+json", "application/json",
            "application/json+fhir");

    private JsonFormats() {
    }

    static void require(Message request) {
        String format = request.getHeader("_format", String.class);
        if (format != null && !JSON_FORMATS.contains(mediaType(format))) {
            throw notAcceptable("_format");
        }
        String accept = request.getHeader("Accept", String.class);
        if (accept != null && !accept.isBlank() && !acceptsJson(accept)) {
            throw notAcceptable("Accept");
        }
    }

    private static boolean acceptsJson(String accept) {
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                refused |= parts[i].strip().replace(" ", "").matches("q=0(\\.0*)?");
            }
            if (!refused && JSON_TYPES.contains(mediaType(parts[0]))) {
                return true;
            }
        }
        return false;
    }

    private static String mediaType(String text) {
        int parameters = text.indexOf(';');
        return (parameters < 0 ? text : text.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
    }

    private static IngestRefusal notAcceptable(String header) {
        return new IngestRefusal(406, "not-supported",
                "this endpoint answers in FHIR JSON only (application/fhir+json); " + header + " asks for another format",
                null);
    }
}
