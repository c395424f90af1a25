package io.bpmonitor.tls;

import java.util.Optional;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;

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

    private static final ServerTls TLS = new ServerTls(Setting.BP_HTTP_KEYSTORE, Setting.BP_HTTP_KEYSTORE_PASSWORD,
            Setting.BP_HTTP_CLIENT_CA);

    public static void configure(CamelContext context, Settings settings) throws Exception {
        Optional<SSLContextParameters> tls = TLS.parameters(settings);
        if (tls.isEmpty()) {
            return;
        }
        context.setSSLContextParameters(tls.get());
        if (settings.optional(Setting.BP_HTTP_CLIENT_CA).isPresent() && settings.roles().servesHttp()) {
            context.addService(new MutualTlsHttpServer(settings.text(Setting.BP_BOARD_HOST),
                    settings.integer(Setting.BP_BOARD_PORT), settings.httpMaxBodyBytes()));
        }
    }
}
