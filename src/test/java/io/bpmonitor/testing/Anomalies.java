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

    /** Every document by its {@code _id}; fails when the index holds more than 10,000. */
    public static Map<String, JsonNode> all(String index) throws Exception {
        SharedStack.es().post("/" + index + "/_refresh", "");
        EsHttp.Response response = SharedStack.es().post("/" + index + "/_search",
                "{\"size\":10000,\"track_total_hits\":true,\"query\":{\"match_all\":{}}}");
        JsonNode hits = JSON.readTree(response.body()).path("hits");
        if (hits.path("total").path("value").asLong() > 10_000) {
            throw new IllegalStateException("too many documents for one read");
        }
        Map<String, JsonNode> documents = new HashMap<>();
        for (JsonNode hit : hits.path("hits")) {
            documents.put(hit.path("_id").asText(), hit.path("_source"));
        }
        return documents;
    }
}
