package io.bpmonitor.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.Ordered;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;

/**
 * The answer to a request whose body is over the HTTP server's own limit
 * ({@link io.bpmonitor.config.Settings#httpMaxBodyBytes()}). Vert.x's BodyHandler fails such a request with 413 before
 * any route runs and, with no failure handler, answers plain text and logs a stack trace; this handler answers as the
 * FHIR endpoint or the board would instead, logs nothing, and passes other failures on.
 */
public final class ServerBodyLimit implements Handler<RoutingContext> {

    private static final String INSTALLED = "bp-monitor.server-body-limit";
    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final byte[] operationOutcome;
    private final byte[] jsonError;

    ServerBodyLimit(long limit) {
        String overLimit = "over the server's limit of " + limit + " bytes";
        try {
            operationOutcome = OperationOutcomes.JSON.writeValueAsBytes(OperationOutcomes.of(
                    new IngestRefusal(413, "too-costly", "the body is " + overLimit, null)));
            jsonError = OperationOutcomes.JSON.writeValueAsBytes(OperationOutcomes.JSON.createObjectNode()
                    .put("error", "body_too_large").put("message", "The request body is " + overLimit));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Installs the answer once the context's HTTP servers are up and before its routes start: a startup listener that
     * runs after Camel's own listener starting the services added while configuring ({@link Ordered#LOWEST}),
     * {@link io.bpmonitor.tls.MutualTlsHttpServer} among them.
     */
    public static StartupListener installer() {
        return new Installer();
    }

    private static final class Installer implements StartupListener, Ordered {

        @Override
        public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            installOn(context);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST + 1;
        }
    }

    /**
     * On every platform-http server of the context (the board's, and Camel's management server), each with its own
     * limit. The servers bind their routers when they start.
     */
    static void installOn(CamelContext context) {
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            if (router.getMetadata(INSTALLED) == null) {
                router.putMetadata(INSTALLED, Boolean.TRUE);
                router.route().failureHandler(new ServerBodyLimit(limitOf(router.getServer())));
            }
        }
    }

    private static long limitOf(VertxPlatformHttpServer server) {
        Long configured = server == null ? null : server.getMaxBodySize();
        return configured != null ? configured : BodyHandler.DEFAULT_BODY_LIMIT;
    }

    @Override
    public void handle(RoutingContext request) {
        if (request.statusCode() != 413) {
            request.next();
            return;
        }
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return; // answered already, or the client is gone: nothing to say, and nothing to log
        }
        boolean fhir = isFhir(request.normalizedPath());
        response.setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, fhir ? FhirIngest.FHIR_JSON : JSON_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(Buffer.buffer(fhir ? operationOutcome : jsonError));
    }

    static boolean isFhir(String path) {
        return path != null && (path.equals("/fhir") || path.startsWith("/fhir/"));
    }
}
