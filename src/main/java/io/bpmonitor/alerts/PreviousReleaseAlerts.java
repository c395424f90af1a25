package io.bpmonitor.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.utils.Utils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * The open alerts in the alert index, as a previous release (whose state lived elsewhere) left them: the documents
 * with {@code status: open}, read a page at a time, and kept for a partition when their patient's readings go there
 * (Kafka's default partitioning of the patient id key, which the detector's records use).
 */
public class PreviousReleaseAlerts implements CarriedOverAlerts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1_000;

    private final Supplier<RestClient> client;
    private final String index;
    private final IntSupplier readingsPartitions;

    /** @param readingsPartitions how many partitions the readings topic has */
    public PreviousReleaseAlerts(Supplier<RestClient> client, String index, IntSupplier readingsPartitions) {
        this.client = client;
        this.index = index;
        this.readingsPartitions = readingsPartitions;
    }

    @Override
    public List<Alert> openAlertsOf(int partition) {
        int partitions = readingsPartitions.getAsInt();
        List<Alert> alerts = new ArrayList<>();
        try {
            String after = null;
            while (true) {
                JsonNode hits = page(after);
                for (JsonNode hit : hits) {
                    Alert alert = AlertJson.read(JSON.writeValueAsBytes(hit.get("_source")), Alert.class);
                    if (partitionOf(alert.patientId(), partitions) == partition) {
                        alerts.add(alert);
                    }
                    after = hit.get("sort").get(0).asText();
                }
                if (hits.size() < PAGE) {
                    return alerts;
                }
            }
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                return List.of();
            }
            throw new IllegalStateException("Elasticsearch answered " + e.getResponse().getStatusLine().getStatusCode());
        } catch (IOException e) {
            throw new IllegalStateException("Elasticsearch did not answer", e);
        }
    }

    private JsonNode page(String after) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", PAGE);
        body.putObject("query").putObject("term").put("status", AlertStatus.OPEN.code());
        body.putArray("sort").add("alert_id");
        if (after != null) {
            body.putArray("search_after").add(after);
        }
        Request request = new Request("POST", "/" + index + "/_search");
        request.setJsonEntity(JSON.writeValueAsString(body));
        Response response = client.get().performRequest(request);
        try (InputStream answer = response.getEntity().getContent()) {
            return JSON.readTree(answer).path("hits").path("hits");
        }
    }

    /** The partition Kafka's default partitioner gives a record keyed by the patient id. */
    static int partitionOf(String patientId, int partitions) {
        return Utils.toPositive(Utils.murmur2(patientId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
