package io.bpmonitor.security;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How bp-monitor reaches Elasticsearch: its URLs and, optionally, basic-auth credentials or an API key and the PEM CA
 * certificate to trust. {@link #toString()} leaves the secrets out.
 *
 * @param username basic-auth user, blank for none
 * @param password basic-auth password, blank for none
 * @param apiKey the encoded API key ({@code base64(id:api_key)}, the {@code encoded} field Elasticsearch returns), blank for none
 * @param caCertificate PEM file of the CA that signed Elasticsearch's HTTP certificate; empty to trust the JVM's CAs
 */
public record ElasticsearchConnection(List<URI> urls, String username, String password, String apiKey,
        Optional<Path> caCertificate) {

    public ElasticsearchConnection {
        urls = List.copyOf(urls);
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        apiKey = apiKey == null ? "" : apiKey;
        caCertificate = caCertificate == null ? Optional.empty() : caCertificate;
    }

    public static ElasticsearchConnection plain(List<URI> urls) {
        return new ElasticsearchConnection(urls, "", "", "", Optional.empty());
    }

    public boolean usesBasicAuth() {
        return !username.isBlank();
    }

    public boolean usesApiKey() {
        return !apiKey.isBlank();
    }

    /** The URLs as given, for messages (they carry no credentials: those are separate settings). */
    public String describeUrls() {
        return String.join(",", urls.stream().map(URI::toString).toList());
    }

    @Override
    public String toString() {
        return "ElasticsearchConnection[urls=" + describeUrls()
                + ", auth=" + (usesApiKey() ? "api-key" : usesBasicAuth() ? "basic" : "none")
                + ", caCertificate=" + caCertificate.map(Path::toString).orElse("(JVM default)") + "]";
    }
}
