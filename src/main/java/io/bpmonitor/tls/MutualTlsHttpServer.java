package io.bpmonitor.tls;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.vertx.common.VertxHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camel-main's embedded HTTP server as Camel builds it (its Vert.x instance, the router the platform-http routes are
 * put on, their stop), listening on HTTPS that requires a client certificate signed by a CA the context's SSL
 * parameters trust. Camel 4.17's own server cannot: {@code VertxHelper.setupSSLOptions} copies the key and trust
 * managers but never sets {@code HttpServerOptions.clientAuth}, and {@code VertxPlatformHttpServer.startServer} builds
 * its options with no hook, so this replaces that step (and the stop steps that depend on its private state). Started instead of camel-main's server when
 * BP_HTTP_CLIENT_CA is set ({@link HttpServerTls}).
 */
public class MutualTlsHttpServer extends VertxPlatformHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(MutualTlsHttpServer.class);

    private HttpServer server;
    private boolean ownVertx;

    /** @param maxBodyBytes the body limit camel-main's server would have ({@code camel.server.max-body-size}) */
    public MutualTlsHttpServer(String host, int port, long maxBodyBytes) {
        super(configuration(host, port, maxBodyBytes));
    }

    private static VertxPlatformHttpServerConfiguration configuration(String host, int port, long maxBodyBytes) {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(host);
        configuration.setBindPort(port);
        configuration.setMaxBodySize(maxBodyBytes);
        return configuration;
    }

    @Override
    protected void startServer() throws Exception {
        HttpServerOptions options = new HttpServerOptions();
        VertxHelper.setupSSLOptions(getCamelContext(), getCamelContext().getSSLContextParameters(), options);
        options.setClientAuth(ClientAuth.REQUIRED);
        // Camel's server mounts this router at its path, "/", so it can serve every request itself
        VertxPlatformHttpRouter routes = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getConfigurationPort()));
        server = getVertx().createHttpServer(options).requestHandler(routes)
                .listen(getConfigurationPort(), getHost()).toCompletionStage().toCompletableFuture().get();
        LOG.info("HTTPS server requiring client certificates started on {}:{}", getHost(), server.actualPort());
    }

    @Override
    protected Vertx createVertxInstance() {
        ownVertx = true;
        return super.createVertxInstance();
    }

    @Override
    protected void stopServer() {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().join();
            server = null;
        }
    }

    /** Camel closes the Vert.x it created on an executor of its own {@code startServer}, which does not run here. */
    @Override
    protected void stopVertx() {
        if (ownVertx) {
            getVertx().close().toCompletionStage().toCompletableFuture().join();
            ownVertx = false;
        }
    }
}
