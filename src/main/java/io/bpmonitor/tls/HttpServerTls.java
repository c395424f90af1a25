package io.bpmonitor.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

import io.bpmonitor.config.InvalidSettingException;
import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * HTTPS for the HTTP server (board, its API, the FHIR endpoint): with {@code BP_HTTP_KEYSTORE} the context's SSL
 * parameters, which camel-main's server uses ({@code camel.server.use-global-ssl-context-parameters}). With
 * {@code BP_HTTP_CLIENT_CA} too (mutual TLS) they also trust the CAs of that file, and {@link MutualTlsHttpServer}
 * serves on the same address instead of camel-main's server ({@code {{role:http-server}}} is then false), because
 * Camel 4.17's server takes the key and trust managers from these parameters but never asks for a client certificate.
 */
public final class HttpServerTls {

    private HttpServerTls() {
    }

    public static void configure(CamelContext context, Settings settings) throws Exception {
        Optional<String> keystore = settings.optional(Setting.BP_HTTP_KEYSTORE);
        Optional<String> clientCa = settings.optional(Setting.BP_HTTP_CLIENT_CA);
        if (clientCa.isPresent() && keystore.isEmpty()) {
            throw new InvalidSettingException(Setting.BP_HTTP_KEYSTORE,
                    "the server's key store when BP_HTTP_CLIENT_CA asks clients for certificates", "");
        }
        if (keystore.isEmpty()) {
            return;
        }
        SSLContextParameters tls = new SSLContextParameters();
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setKeyStore(store(keystore.get(), settings.text(Setting.BP_HTTP_KEYSTORE_PASSWORD)));
        keys.setKeyPassword(settings.text(Setting.BP_HTTP_KEYSTORE_PASSWORD));
        tls.setKeyManagers(keys);
        if (clientCa.isPresent()) {
            tls.setTrustManagers(trusting(clientCa.get()));
        }
        context.setSSLContextParameters(tls);
        if (clientCa.isPresent() && settings.roles().servesHttp()) {
            context.addService(new MutualTlsHttpServer(settings.text(Setting.BP_BOARD_HOST),
                    settings.integer(Setting.BP_BOARD_PORT), settings.httpMaxBodyBytes()));
        }
    }

    private static KeyStoreParameters store(String path, String password) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + path);
        store.setPassword(password);
        store.setType(path.endsWith(".jks") ? "JKS" : "PKCS12");
        return store;
    }

    private static TrustManagersParameters trusting(String caPem) {
        KeyStoreParameters cas = new KeyStoreParameters();
        try {
            cas.setKeyStore(PemCertificates.trustStore(Path.of(caPem)));
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidSettingException(Setting.BP_HTTP_CLIENT_CA, "a PEM file of CA certificates", caPem);
        }
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(cas);
        return trust;
    }
}
