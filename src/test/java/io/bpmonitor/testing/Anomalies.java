package io.bpmonitor.testing;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads what ended up in an anomalies index. */
public final class Anomalies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Anomalies() {
    }

    public static long count(String index) throws Exception {
        SharedStack.es().post("/" + index + "/_refresh", "");
        EsHttp.Response response = SharedStack.es().get("/" + index + "/_count");
        if (!response.ok()) {
            return -1;
        }
        return JSON.readTree(response.body()).path("count").asLong();
    }

    /** Every document by its {@code _id}, read in pages of 10,000 (sorted by Observation id, which is the id). */
    public static Map<String, JsonNode> all(String index) throws Exception {
        SharedStack.es().post("/" + index + "/_refresh", "");
        Map<String, JsonNode> documents = new HashMap<>();
        String after = null;
        while (true) {
            String page = "{\"size\":10000,\"sort\":[{\"observation_id\":\"asc\"}],\"query\":{\"match_all\":{}}"
                    + (after == null ? "" : ",\"search_after\":[" + JSON.writeValueAsString(after) + "]") + "}";
            EsHttp.Response response = SharedStack.es().post("/" + index + "/_search", page);
            // no index (yet): no documents, as count() says -1
            if (!response.ok()) {
                return documents;
            }
            JsonNode hits = JSON.readTree(response.body()).path("hits").path("hits");
            if (hits.isEmpty()) {
                return documents;
            }
            for (JsonNode hit : hits) {
                documents.put(hit.path("_id").asText(), hit.path("_source"));
                after = hit.path("sort").path(0).asText();
            }
        }
    }
}
