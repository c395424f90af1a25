package io.bpmonitor.app;

import java.util.Set;

import io.bpmonitor.app.Settings.Role;
import io.bpmonitor.localstack.LocalStack;
import io.bpmonitor.localstack.LocalStackSettings;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the routes are configured: keeps only the routes {@code BP_ROUTES} selects, and starts a local Kafka and/or
 * Elasticsearch for each of {@code KAFKA_BROKERS} and {@code ELASTICSEARCH_URL} left unset, pointing the settings at
 * them. Stops them after Camel has stopped.
 */
public class LocalStackLauncher extends MainListenerSupport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStackLauncher.class);

    private LocalStack stack;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        Settings settings = new Settings(properties);
        Set<Role> roles = settings.routes();
        if (!roles.contains(Role.SIMULATOR)) {
            main.configure().setRouteFilterExcludePattern("simulator*");
        } else if (!roles.contains(Role.DETECTOR)) {
            main.configure().setRouteFilterExcludePattern("detector*");
        }
        boolean needKafka = settings.optional(Setting.KAFKA_BROKERS).isEmpty();
        boolean needElasticsearch = roles.contains(Role.DETECTOR)
                && settings.optional(Setting.ELASTICSEARCH_URL).isEmpty();
        if (!needKafka && !needElasticsearch) {
            return;
        }
        LOG.info("Starting the local stack ({}{})", needKafka ? "Kafka " : "", needElasticsearch ? "Elasticsearch" : "");
        stack = LocalStack.start(LocalStackSettings.fromEnvironment(System.getenv()), needKafka, needElasticsearch);
        stack.kafkaBootstrapServers().ifPresent(
                brokers -> properties.addOverrideProperty(Setting.KAFKA_BROKERS.property(), brokers));
        stack.elasticsearchUrl().ifPresent(
                url -> properties.addOverrideProperty(Setting.ELASTICSEARCH_URL.property(), url));
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        close();
    }

    /** Also called when start-up fails, so no local broker or node outlives the application. */
    @Override
    public synchronized void close() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }
}
