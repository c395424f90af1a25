package io.bpmonitor.ingest;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The id the endpoint gives a reading (R4: the server assigns it and ignores the client's). It is derived from what
 * identifies the reading, so a POST sent again after a lost answer gets the same id and stays one reading, and two
 * gateways that both call their reading {@code 1} send two readings:
 * <ol>
 * <li>the identifier a conditional create names ({@code If-None-Exist: identifier=system|value});</li>
 * <li>else the Observation's first identifier with a value ({@code system|value}; without a system, scoped by the
 * source);</li>
 * <li>else the source and the client's own id, where the source is {@code meta.source} (R4: the system the resource
 * comes from), or the token that sent it;</li>
 * <li>else nothing identifies it: a new random id, every POST a new reading, as R4's create says.</li>
 * </ol>
 */
final class ReadingIds {

    private ReadingIds() {
    }

    /**
     * @param client                the token's name ({@link BearerTokens#client})
     * @param conditionalIdentifier {@code system|value} or {@code value} of {@code If-None-Exist}, or null
     */
    static String assign(JsonNode observation, String client, String conditionalIdentifier) {
        String source = observation.path("meta").path("source").asText("");
        if (source.isEmpty()) {
            source = "token " + client;
        }
        String identity;
        JsonNode identifier = firstIdentifier(observation);
        if (conditionalIdentifier != null) {
            identity = identifier(conditionalIdentifier, source);
        } else if (identifier != null) {
            String system = identifier.path("system").asText("");
            identity = identifier(system.isEmpty() ? identifier.path("value").asText()
                    : system + "|" + identifier.path("value").asText(), source);
        } else if (!observation.path("id").asText("").isEmpty()) {
            identity = "source " + source + " id " + observation.path("id").asText();
        } else {
            return UUID.randomUUID().toString();
        }
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code system|value} names a reading anywhere; a value alone, or {@code |value}, only within its source. */
    private static String identifier(String token, String source) {
        int bar = token.indexOf('|');
        return bar > 0 ? "identifier " + token : "source " + source + " identifier " + token.substring(bar + 1);
    }

    private static JsonNode firstIdentifier(JsonNode observation) {
        for (JsonNode identifier : observation.path("identifier")) {
            if (!identifier.path("value").asText("").isEmpty()) {
                return identifier;
            }
        }
        return null;
    }
}
