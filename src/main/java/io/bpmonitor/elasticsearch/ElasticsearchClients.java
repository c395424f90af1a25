package io.bpmonitor.elasticsearch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.bpmonitor.tls.PemCertificates;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;

/**
 * Builds the one low-level Elasticsearch client bp-monitor uses: camel-elasticsearch indexes through it, and the index
 * initializer talks to the cluster through it, so both share connection settings and credentials.
 *
 * <p>TLS trust, basic auth and API key are all set here on the client itself, so they work in every combination
 * (camel-elasticsearch 4.17's own options ignore the certificate unless user and password are set, CAMEL-23444).
 */
public final class ElasticsearchClients {

    private ElasticsearchClients() {
    }

    public static RestClient restClient(ElasticsearchConnection connection) {
        HttpHost[] hosts = connection.urls().stream()
                .map(url -> new HttpHost(url.getHost(), url.getPort() > 0 ? url.getPort() : defaultPort(url), url.getScheme()))
                .toArray(HttpHost[]::new);
        var builder = RestClient.builder(hosts);
        List<Header> headers = new ArrayList<>();
        if (connection.usesApiKey()) {
            headers.add(new BasicHeader("Authorization", "ApiKey " + connection.apiKey()));
        }
        if (!headers.isEmpty()) {
            builder.setDefaultHeaders(headers.toArray(Header[]::new));
        }
        BasicCredentialsProvider credentials = null;
        if (!connection.usesApiKey() && connection.usesBasicAuth()) {
            credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY,
                    new UsernamePasswordCredentials(connection.username(), connection.password()));
        }
        SSLContext ssl = connection.caCertificate().map(ElasticsearchClients::sslContext).orElse(null);
        if (credentials != null || ssl != null) {
            BasicCredentialsProvider provider = credentials;
            builder.setHttpClientConfigCallback(http -> {
                if (provider != null) {
                    http.setDefaultCredentialsProvider(provider);
                }
                if (ssl != null) {
                    http.setSSLContext(ssl);
                }
                return http;
            });
        }
        return builder.build();
    }

    public static ElasticsearchClient javaClient(RestClient restClient) {
        return new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
    }

    private static SSLContext sslContext(Path caCertificate) {
        try {
            return PemCertificates.sslContextTrusting(caCertificate);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("ELASTICSEARCH_CA_CERT: cannot use " + caCertificate
                    + " as the CA certificate (" + e.getMessage() + ")", e);
        }
    }

    private static int defaultPort(URI url) {
        return "https".equals(url.getScheme()) ? 443 : 9200;
    }
}
