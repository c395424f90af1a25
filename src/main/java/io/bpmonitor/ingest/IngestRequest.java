package io.bpmonitor.ingest;

import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * What a request asks of the endpoint besides its body: who sent it, the base URL it was sent to (for absolute
 * locations), what it prefers back ({@code Prefer: return=...}) and the condition of a conditional create.
 *
 * @param client        the token's name ({@link BearerTokens#client}): a reading's source when it names none
 * @param base          the endpoint's base URL as the client addressed it, e.g. {@code https://host:8443/fhir}
 * @param ifNoneExist   the {@code If-None-Exist} search, or null
 */
record IngestRequest(String client, String base, Return preferred, String ifNoneExist) {

    /** Exchange property holding the request's {@link IngestRequest}. */
    static final String PROPERTY = "bpIngestRequest";
    private static final String ENDPOINT_PATH = "/fhir";

    /** {@code Prefer: return=...} (RFC 7240, as FHIR R4 uses it); the whole resource when not said. */
    enum Return {
        MINIMAL, REPRESENTATION, OPERATION_OUTCOME;

        static Return of(String prefer) {
            String text = prefer == null ? "" : prefer.toLowerCase(Locale.ROOT);
            if (text.contains("return=minimal")) {
                return MINIMAL;
            }
            return text.contains("return=operationoutcome") ? OPERATION_OUTCOME : REPRESENTATION;
        }
    }

    static IngestRequest of(Message request, String client) {
        return new IngestRequest(client, base(request.getHeader(Exchange.HTTP_URL, String.class)),
                Return.of(request.getHeader("Prefer", String.class)), request.getHeader("If-None-Exist", String.class));
    }

    static IngestRequest of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, IngestRequest.class);
    }

    /** The URL up to the endpoint's path: what an absolute {@code Location} starts with. */
    static String base(String url) {
        if (url == null) {
            return "";
        }
        int host = url.indexOf("://");
        int path = url.indexOf(ENDPOINT_PATH, host < 0 ? 0 : host + 3);
        return path < 0 ? "" : url.substring(0, path + ENDPOINT_PATH.length());
    }
}
