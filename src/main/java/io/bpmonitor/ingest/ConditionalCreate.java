package io.bpmonitor.ingest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code If-None-Exist} (R4's conditional create) on identifiers, the one search that names a reading. The identifier
 * decides the reading's id ({@link ReadingIds}), so a create that matches an earlier one is that reading again and
 * can never make a second. Whether it exists is known for the readings this instance accepted lately (the last
 * {@value #REMEMBERED}): those are answered 200 and not sent again; any other goes through with the same id.
 */
final class ConditionalCreate {

    static final int REMEMBERED = 100_000;

    private final Set<String> created = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(1_024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));

    /**
     * The identifier the condition names, {@code system|value} or {@code value}, from any form clients send:
     * {@code identifier=...}, {@code Observation?identifier=...} or an absolute URL (HAPI's client).
     */
    static String identifier(String ifNoneExist) {
        String query = ifNoneExist.substring(ifNoneExist.indexOf('?') + 1);
        String[] parameters = query.split("&");
        if (parameters.length != 1 || !parameters[0].startsWith("identifier=")
                || parameters[0].length() == "identifier=".length()) {
            throw new IngestRefusal(400, "not-supported",
                    "If-None-Exist: only one identifier=[system|]value is supported", null);
        }
        try {
            return URLDecoder.decode(parameters[0].substring("identifier=".length()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IngestRefusal(400, "invalid", "If-None-Exist: not URL-encoded", null);
        }
    }

    boolean exists(String id) {
        return created.contains(id);
    }

    void created(String id) {
        created.add(id);
    }
}
