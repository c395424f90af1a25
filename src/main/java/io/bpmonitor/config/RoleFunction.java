package io.bpmonitor.config;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{role:http-server}}}, {@code {{role:board}}}, {@code {{role:excluded-routes}}}, ... in
 * {@code application.properties}: what {@link Roles} (and, for {@code https} and {@code http-server}, the HTTPS
 * settings; for {@code http-max-body-bytes}, {@link Settings#httpMaxBodyBytes()}) decides, for
 * the camel-main options that need it before any bean exists (the HTTP server, the route filter). Found by Camel
 * through {@code META-INF/services/org/apache/camel/properties-function/role}.
 */
public class RoleFunction implements PropertiesFunction, CamelContextAware {

    private CamelContext camelContext;

    @Override
    public String getName() {
        return "role";
    }

    @Override
    public String apply(String remainder) {
        Settings settings = Settings.of(camelContext);
        Roles roles = settings.roles();
        return switch (remainder) {
            case "https" -> String.valueOf(settings.optional(Setting.BP_HTTP_KEYSTORE).isPresent());
            case "board" -> String.valueOf(roles.servesBoard());
            // with client certificates required, tls.MutualTlsHttpServer serves in place of camel-main's server
            case "http-server" -> String.valueOf(roles.servesHttp() && settings.optional(Setting.BP_HTTP_CLIENT_CA).isEmpty());
            case "excluded-routes" -> roles.excludedRoutesPattern();
            case "route-files" -> roles.routeFiles("");
            case "route-paths" -> roles.routeFiles("file:routes/");
            case "http-max-body-bytes" -> String.valueOf(settings.httpMaxBodyBytes());
            default -> throw new IllegalArgumentException("Unknown role property '" + remainder
                    + "': role:board, role:http-server, role:excluded-routes, role:route-files, role:route-paths, role:https and role:http-max-body-bytes exist");
        };
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
