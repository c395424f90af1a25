package io.bpmonitor.indexing;

import java.net.URI;
import java.util.List;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.elasticsearch.client.RestClient;

/**
 * Builds the one low-level Elasticsearch client bp-monitor uses: camel-elasticsearch indexes through it, and the index
 * initializer talks to the cluster through it, so both share connection settings and credentials.
 */
public final class ElasticsearchClients {

    private ElasticsearchClients() {
    }

    /** @param username basic-auth user, or blank for none */
    public static RestClient restClient(List<URI> urls, String username, String password) {
        HttpHost[] hosts = urls.stream()
                .map(url -> new HttpHost(url.getHost(), url.getPort() > 0 ? url.getPort() : defaultPort(url), url.getScheme()))
                .toArray(HttpHost[]::new);
        var builder = RestClient.builder(hosts);
        if (username != null && !username.isBlank()) {
            var credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(username, password));
            builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
        }
        return builder.build();
    }

    public static ElasticsearchClient javaClient(RestClient restClient) {
        return new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
    }

    private static int defaultPort(URI url) {
        return "https".equals(url.getScheme()) ? 443 : 9200;
    }
}
