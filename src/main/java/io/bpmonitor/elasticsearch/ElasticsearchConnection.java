package io.bpmonitor.elasticsearch;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.bpmonitor.config.InvalidSettingException;
import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import io.bpmonitor.tls.PemCertificates;

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

    /**
     * Reads URLs, credentials and CA certificate, checked together: user and password both or neither, not both basic
     * auth and an API key, a readable PEM CA only with https:// URLs. Errors never show a secret.
     */
    public static ElasticsearchConnection from(Settings settings) {
        List<URI> urls = settings.urls(Setting.ELASTICSEARCH_URL);
        String username = settings.text(Setting.ELASTICSEARCH_USERNAME);
        String password = settings.text(Setting.ELASTICSEARCH_PASSWORD);
        String apiKey = settings.text(Setting.ELASTICSEARCH_API_KEY);
        if (!username.isEmpty() && password.isEmpty()) {
            throw new InvalidSettingException(Setting.ELASTICSEARCH_PASSWORD, "a value when ELASTICSEARCH_USERNAME is set", "");
        }
        if (username.isEmpty() && !password.isEmpty()) {
            throw new InvalidSettingException(Setting.ELASTICSEARCH_USERNAME, "a value when ELASTICSEARCH_PASSWORD is set", "");
        }
        if (!apiKey.isEmpty() && !username.isEmpty()) {
            throw new InvalidSettingException(Setting.ELASTICSEARCH_API_KEY,
                    "no value when ELASTICSEARCH_USERNAME is set (use basic auth or an API key, not both)", "(hidden)");
        }
        Optional<Path> ca = settings.optional(Setting.ELASTICSEARCH_CA_CERT).map(Path::of);
        if (ca.isPresent()) {
            try {
                PemCertificates.read(ca.get());
            } catch (Exception e) {
                throw new InvalidSettingException(Setting.ELASTICSEARCH_CA_CERT, "a readable PEM file of CA certificates"
                        + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", ca.get().toString());
            }
            for (URI url : urls) {
                if (!"https".equals(url.getScheme())) {
                    throw new InvalidSettingException(Setting.ELASTICSEARCH_URL,
                            "https:// URLs when ELASTICSEARCH_CA_CERT is set", settings.text(Setting.ELASTICSEARCH_URL));
                }
            }
        }
        return new ElasticsearchConnection(urls, username, password, apiKey, ca);
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
