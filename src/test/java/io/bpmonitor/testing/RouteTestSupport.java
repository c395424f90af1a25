package io.bpmonitor.testing;

import java.util.Map;
import java.util.Properties;

import io.bpmonitor.app.BpMonitorConfiguration;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * A route test: the YAML routes of one file and the beans of {@link BpMonitorConfiguration}, without the start-up
 * checks or servers of {@code application.properties}, advised with stand-ins before the context starts.
 */
public abstract class RouteTestSupport extends CamelMainTestSupport {

    /** The file under {@code routes/}, or null for Java routes only ({@link #configureMore}). */
    protected abstract String routesFile();

    /** Settings for this test, by property ({@code bp.simulator.rate}, ...). */
    protected abstract Map<String, String> settings();

    /** Further routes or configuration. */
    protected void configureMore(MainConfigurationProperties configuration) {
    }

    @Override
    protected final String getPropertyPlaceholderLocations() {
        return "classpath:route-test.properties";
    }

    @Override
    protected final Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.putAll(settings());
        return properties;
    }

    @Override
    protected final void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(BpMonitorConfiguration.class);
        if (routesFile() != null) {
            configuration.withRoutesIncludePattern("file:routes/" + routesFile());
        }
        configureMore(configuration);
    }

    @Override
    public final boolean isUseAdviceWith() {
        return true;
    }

    /** The route's consumer (Kafka, a timer, an HTTP path) stood in by {@code direct:<name>}, for the test to send to. */
    protected void consumeFrom(String routeId, String name) throws Exception {
        AdviceWith.adviceWith(context, routeId, route -> route.replaceFromWith("direct:" + name));
    }

    /** What the route sends to endpoints matching {@code uriPattern} ({@code kafka:*}) goes to {@code mock:<name>}. */
    protected void sendInsteadTo(String routeId, String uriPattern, String name) throws Exception {
        AdviceWith.adviceWith(context, routeId, route -> route.weaveByToUri(uriPattern).replace().to("mock:" + name));
    }
}
