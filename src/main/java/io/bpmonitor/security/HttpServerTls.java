package io.bpmonitor.security;

import java.util.Optional;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * HTTPS for the HTTP server (board, its API, the FHIR endpoint): with {@code BP_HTTP_KEYSTORE} the context's SSL
 * parameters, which the server uses ({@code camel.server.use-global-ssl-context-parameters}). Client certificates
 * are not asked for: Camel 4.17's Vert.x server takes the key and trust managers from these parameters but not their
 * client authentication ({@code VertxHelper.setupSSLOptions} never sets {@code HttpServerOptions.clientAuth}, and
 * {@code VertxPlatformHttpServer.startServer} builds its options with no hook to change them), so mutual TLS belongs
 * to a proxy in front.
 */
public final class HttpServerTls {

    private HttpServerTls() {
    }

    public static void configure(CamelContext context, Settings settings) {
        Optional<String> keystore = settings.optional(Setting.BP_HTTP_KEYSTORE);
        if (keystore.isEmpty()) {
            return;
        }
        SSLContextParameters tls = new SSLContextParameters();
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setKeyStore(store(keystore.get(), settings.text(Setting.BP_HTTP_KEYSTORE_PASSWORD)));
        keys.setKeyPassword(settings.text(Setting.BP_HTTP_KEYSTORE_PASSWORD));
        tls.setKeyManagers(keys);
        context.setSSLContextParameters(tls);
    }

    private static KeyStoreParameters store(String path, String password) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + path);
        store.setPassword(password);
        store.setType(path.endsWith(".jks") ? "JKS" : "PKCS12");
        return store;
    }
}
