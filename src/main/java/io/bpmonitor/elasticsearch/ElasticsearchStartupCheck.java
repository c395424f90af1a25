package io.bpmonitor.elasticsearch;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import io.bpmonitor.config.Causes;
import io.bpmonitor.config.StartupCheckException;
import org.apache.http.ConnectionClosedException;
import org.apache.http.conn.ConnectTimeoutException;
import org.elasticsearch.client.ResponseException;

/**
 * Runs bp-monitor's first Elasticsearch call at start-up (the index check) and turns its failure into one line naming
 * the setting to fix: wrong credentials, untrusted certificate, wrong scheme or unreachable host.
 */
public final class ElasticsearchStartupCheck {

    /** The start-up call; it may throw anything the Elasticsearch clients throw. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    private ElasticsearchStartupCheck() {
    }

    /** @param writePrivilege the index privilege writing the index needs, named when the cluster refuses */
    public static void run(ElasticsearchConnection connection, String index, String writePrivilege, Call call) {
        try {
            call.run();
        } catch (Exception e) {
            throw explain(e, connection, index, writePrivilege);
        }
    }

    /** The one-line explanation of a failed start-up call; never includes a credential. */
    public static StartupCheckException explain(Throwable error, ElasticsearchConnection connection, String index,
                                                String writePrivilege) {
        String where = "Elasticsearch at " + connection.describeUrls();
        Optional<Integer> status = status(error);
        if (status.isPresent()) {
            int code = status.get();
            if (code == 401) {
                if (connection.usesApiKey()) {
                    return new StartupCheckException(where + " rejected the API key (HTTP 401): check ELASTICSEARCH_API_KEY"
                            + " (the 'encoded' value Elasticsearch returned when the key was created; it may have expired or been invalidated)");
                }
                if (connection.usesBasicAuth()) {
                    return new StartupCheckException(where + " rejected the user name or password (HTTP 401): check"
                            + " ELASTICSEARCH_PASSWORD and ELASTICSEARCH_USERNAME");
                }
                return new StartupCheckException(where + " requires authentication (HTTP 401): set ELASTICSEARCH_USERNAME"
                        + " and ELASTICSEARCH_PASSWORD, or ELASTICSEARCH_API_KEY");
            }
            if (code == 403) {
                return new StartupCheckException(where + " authenticated "
                        + (connection.usesApiKey() ? "ELASTICSEARCH_API_KEY" : "ELASTICSEARCH_USERNAME")
                        + " but does not allow it to check or create index " + index + " (HTTP 403): grant it the"
                        + " index privileges view_index_metadata, create_index and " + writePrivilege + " on " + index);
            }
            return new StartupCheckException(where + " answered HTTP " + code + " to the start-up check of index "
                    + index + "; check ELASTICSEARCH_URL");
        }
        if (Causes.find(error, SSLPeerUnverifiedException.class).isPresent()) {
            return new StartupCheckException(where + " presented a certificate that does not name the host in"
                    + " ELASTICSEARCH_URL: use a host name or IP address the certificate lists");
        }
        if (Causes.find(error, CertPathBuilderException.class).isPresent() || Causes.find(error, CertPathValidatorException.class).isPresent()
                || (Causes.find(error, SSLHandshakeException.class).isPresent() && Causes.find(error, CertificateException.class).isPresent())) {
            return new StartupCheckException(where + " presented a certificate that is not signed by "
                    + (connection.caCertificate().isPresent()
                            ? "the CA in ELASTICSEARCH_CA_CERT (" + connection.caCertificate().get() + ")"
                            : "a CA the JVM trusts: set ELASTICSEARCH_CA_CERT to the PEM file of the CA that signed it")
                    + " (TLS handshake failed)");
        }
        if (Causes.find(error, SSLException.class).isPresent()) {
            return new StartupCheckException(where + ": TLS failed (" + Causes.rootText(error) + "); if Elasticsearch serves"
                    + " plain HTTP, ELASTICSEARCH_URL must start with http://, otherwise check ELASTICSEARCH_CA_CERT");
        }
        if (Causes.find(error, ConnectionClosedException.class).isPresent()) {
            return new StartupCheckException(where + " closed the connection without answering: if it serves HTTPS,"
                    + " ELASTICSEARCH_URL must start with https://");
        }
        if (Causes.find(error, ConnectException.class).isPresent() || Causes.find(error, UnknownHostException.class).isPresent()
                || Causes.find(error, NoRouteToHostException.class).isPresent()
                || Causes.find(error, ConnectTimeoutException.class).isPresent()
                || Causes.find(error, SocketTimeoutException.class).isPresent()) {
            return new StartupCheckException(where + " cannot be reached (" + Causes.rootText(error) + "): check ELASTICSEARCH_URL");
        }
        return new StartupCheckException(where + ": start-up check of index " + index + " failed ("
                + Causes.rootText(error) + "); check ELASTICSEARCH_URL");
    }

    static Optional<Integer> status(Throwable error) {
        for (Throwable t : Causes.chain(error)) {
            if (t instanceof ResponseException response) {
                return Optional.of(response.getResponse().getStatusLine().getStatusCode());
            }
            if (t instanceof TransportException transport && transport.statusCode() > 0) {
                return Optional.of(transport.statusCode());
            }
            if (t instanceof ElasticsearchException elasticsearch && elasticsearch.status() > 0) {
                return Optional.of(elasticsearch.status());
            }
        }
        return Optional.empty();
    }
}
