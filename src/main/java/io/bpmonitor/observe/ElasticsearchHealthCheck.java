package io.bpmonitor.observe;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.config.Settings;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;

/**
 * Readiness of the Elasticsearch cluster the detector indexes into, through the application's own
 * {@code elasticsearchRestClient} so it sees what the detector sees (docs/operations.md#health). The result carries
 * the cluster status only: never a URL, user name or password.
 */
public class ElasticsearchHealthCheck extends ReadinessCheck {

    /** The id this check has in {@code /observe/health}. */
    public static final String ID = "elasticsearch";

    private static final ObjectMapper JSON = new ObjectMapper();

    public ElasticsearchHealthCheck(int timeoutMillis) {
        super(ID, timeoutMillis);
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (!Settings.of(getCamelContext()).roles().needsElasticsearch()) {
            builder.detail("used", false).up();
            return;
        }
        RestClient client = getCamelContext().getRegistry()
                .lookupByNameAndType("elasticsearchRestClient", RestClient.class);
        if (client == null) {
            builder.message("no Elasticsearch client configured").down();
            return;
        }
        Request request = new Request("GET", "/_cluster/health");
        request.addParameter("timeout", timeoutMillis + "ms");
        RequestConfig timeouts = RequestConfig.custom().setConnectTimeout(timeoutMillis)
                .setConnectionRequestTimeout(timeoutMillis).setSocketTimeout(timeoutMillis).build();
        request.setOptions(RequestOptions.DEFAULT.toBuilder().setRequestConfig(timeouts));
        try {
            Response response = client.performRequest(request);
            JsonNode health = JSON.readTree(EntityUtils.toString(response.getEntity()));
            String status = health.path("status").asText("unknown").toLowerCase(Locale.ROOT);
            builder.detail("cluster.status", status);
            if ("green".equals(status) || "yellow".equals(status)) {
                builder.up();
            } else {
                builder.message("Elasticsearch cluster status is " + status).down();
            }
        } catch (Exception e) {
            // the exception's class only: its message can carry request details
            builder.message("Elasticsearch unreachable (" + e.getClass().getSimpleName() + ")").down();
        }
    }
}
