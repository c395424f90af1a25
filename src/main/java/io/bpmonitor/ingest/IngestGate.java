package io.bpmonitor.ingest;

import java.util.Locale;

import io.bpmonitor.fhir.PayloadGuard;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * What a request must be before its body is read: from a client holding a token (401), answerable in FHIR JSON
 * (406), FHIR JSON (415), within its size limit (413). The checks that need no parsing, in that order.
 */
public class IngestGate {

    private final BearerTokens tokens;

    public IngestGate(BearerTokens tokens) {
        this.tokens = tokens;
    }

    /** @return the request body, admitted; the request's {@link IngestRequest} is on the exchange */
    public byte[] admit(Exchange exchange, int maxBytes) {
        Message request = exchange.getMessage();
        String client = tokens.client(request.getHeader("Authorization", String.class)).orElseThrow(
                () -> new IngestRefusal(401, "security", "a valid bearer token is required (Authorization: Bearer ...)",
                        null));
        JsonFormats.require(request);
        exchange.setProperty(IngestRequest.PROPERTY, IngestRequest.of(request, client));
        String type = request.getHeader(Exchange.CONTENT_TYPE, "", String.class).toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/fhir+json") && !type.startsWith("application/json")) {
            throw new IngestRefusal(415, "not-supported",
                    "send application/fhir+json (or application/json), not '" + printable(type) + "'", null);
        }
        byte[] body = request.getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new IngestRefusal(400, "structure", PayloadGuard.EMPTY, null);
        }
        if (body.length > maxBytes) {
            throw new IngestRefusal(413, "too-costly", PayloadGuard.oversized(body.length, maxBytes), null);
        }
        return body;
    }

    /** Any other method on the endpoint's paths. */
    public void methodNotAllowed(Exchange exchange) {
        throw new IngestRefusal(405, "not-supported", "only POST is supported here", null);
    }

    private static String printable(String type) {
        String shown = type.length() > 60 ? type.substring(0, 60) : type;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
