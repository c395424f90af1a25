package io.bpmonitor.localstack;

import java.io.IOException;
import java.nio.file.Path;

import io.bpmonitor.config.Role;
import io.bpmonitor.config.Roles;
import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import io.bpmonitor.signin.UsersFile;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the routes are configured: starts a local Kafka and/or Elasticsearch for each of {@code KAFKA_BROKERS} and {@code ELASTICSEARCH_URL} left unset, pointing the settings at
 * them, and for the feed role without {@code BP_FHIR_FEED_URL} a local FHIR server (empty: what is stored there is fed).
 * Where the board is served and there is no users file yet, writes one with a clinician whose random password is
 * printed once on the console (never logged). Stops them after Camel has stopped.
 */
public class LocalStackLauncher extends MainListenerSupport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStackLauncher.class);

    private LocalStack stack;
    private LocalFhirServer fhir;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        Settings settings = Settings.of(main.getCamelContext());
        Roles roles = settings.roles();
        boolean needKafka = settings.optional(Setting.KAFKA_BROKERS).isEmpty();
        boolean needElasticsearch = roles.needsElasticsearch()
                && settings.optional(Setting.ELASTICSEARCH_URL).isEmpty();
        if (roles.runs(Role.FEED) && settings.optional(Setting.BP_FHIR_FEED_URL).isEmpty()) {
            fhir = LocalFhirServer.start();
            properties.addOverrideProperty(Setting.BP_FHIR_FEED_URL.property(), fhir.baseUrl());
            LOG.info("Local FHIR server for the feed at {}: the blood-pressure Observations stored there are fed", fhir.baseUrl());
        }
        if (roles.servesBoard()) {
            firstClinician(Path.of(settings.text(Setting.BP_USERS_FILE)));
        }
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

    private static void firstClinician(Path users) {
        try {
            UsersFile.firstClinician(users).ifPresent(password -> {
                LOG.info("No users file: {} written with the clinician '{}', whose password is on the console",
                        users.toAbsolutePath(), UsersFile.FIRST_CLINICIAN);
                // the console, not the log: a log is kept and shipped, this is read once by who started the run
                System.out.println("\n  Sign in to the board as '" + UsersFile.FIRST_CLINICIAN + "' with the password "
                        + password + "\n  (shown this once; add users with: java -jar bp-monitor.jar add-user NAME"
                        + " --role clinician)\n");
            });
        } catch (IOException e) {
            LOG.warn("No users file could be written at {}: {}", users.toAbsolutePath(), e.getMessage());
        }
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        close();
    }

    /** Also called when start-up fails, so no local broker or node outlives the application. */
    @Override
    public synchronized void close() {
        if (fhir != null) {
            fhir.close();
            fhir = null;
        }
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }
}
