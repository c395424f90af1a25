package io.bpmonitor.app;

import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.bpmonitor.config.Role;
import io.bpmonitor.config.Roles;
import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import io.bpmonitor.config.StartupCheckException;
import io.bpmonitor.elasticsearch.ElasticsearchClients;
import io.bpmonitor.elasticsearch.ElasticsearchConnection;
import io.bpmonitor.elasticsearch.ElasticsearchStartupCheck;
import io.bpmonitor.elasticsearch.IndexInitializer;
import io.bpmonitor.feed.FeedServer;
import io.bpmonitor.hl7.PeerCheckingMllpComponent;
import io.bpmonitor.ingest.BearerTokens;
import io.bpmonitor.kafka.KafkaClients;
import io.bpmonitor.kafka.KafkaSecurity;
import io.bpmonitor.kafka.KafkaStartupCheck;
import io.bpmonitor.tls.HttpServerTls;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before Camel starts anything ({@code camel.main.configuration-classes}, first): every setting valid, Kafka's security
 * options set on the component, Kafka and (for the detector) Elasticsearch reachable with the configured credentials,
 * the index there. A failure is one line naming the setting to fix.
 */
public class StartupChecks implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        settings.validate();
        Roles roles = settings.roles();
        if (settings.optional(Setting.KAFKA_BROKERS).isEmpty() || roles.needsElasticsearch()
                && settings.optional(Setting.ELASTICSEARCH_URL).isEmpty()) {
            throw new StartupCheckException("No Kafka or Elasticsearch to work with: set KAFKA_BROKERS"
                    + (roles.needsElasticsearch() ? " and ELASTICSEARCH_URL" : "")
                    + " (the embedded local stack is the run command's: ./mvnw -q test-compile exec:java)");
        }
        if (roles.runs(Role.INGEST)) {
            BearerTokens.from(settings);
        }
        if (roles.runs(Role.HL7)) {
            // allowed peers and TLS: a bad value is one line at start-up, not a listener that never binds
            PeerCheckingMllpComponent.from(settings);
        }
        if (roles.runs(Role.FEED)) {
            FeedServer server = FeedServer.from(settings);
            LOG.info("FHIR feed will read {} ({})", server, server.describeLogin());
        }
        HttpServerTls.configure(context, settings);
        // the one place the brokers and security are read: every endpoint and client takes them from the component
        KafkaConfiguration kafka = context.getComponent("kafka", KafkaComponent.class).getConfiguration();
        kafka.setBrokers(settings.required(Setting.KAFKA_BROKERS));
        KafkaSecurity security = KafkaSecurity.from(settings);
        security.applyTo(kafka);
        KafkaStartupCheck.run(KafkaClients.of(kafka), security, KafkaStartupCheck.DEFAULT_TIMEOUT);
        ElasticsearchConnection elasticsearch = settings.optional(Setting.ELASTICSEARCH_URL).isPresent()
                ? ElasticsearchConnection.from(settings) : null;
        if (roles.needsElasticsearch()) {
            try (RestClient client = ElasticsearchClients.restClient(elasticsearch)) {
                ElasticsearchClient javaClient = ElasticsearchClients.javaClient(client);
                for (IndexInitializer index : indexes(javaClient, settings)) {
                    ElasticsearchStartupCheck.run(elasticsearch, index.index(), index.writePrivilege(), index::ensureIndex);
                }
            }
        }
    }

    /**
     * The detector's indexes: the anomalies, and with alerts on, the alerts, the patients' days and the review's audit
     * trail.
     */
    private static List<IndexInitializer> indexes(ElasticsearchClient client, Settings settings) {
        List<IndexInitializer> indexes = new ArrayList<>();
        indexes.add(new IndexInitializer(client, settings.required(Setting.BP_INDEX)));
        if (settings.flag(Setting.BP_ALERTS_ENABLED)) {
            indexes.add(new IndexInitializer(client, settings.required(Setting.BP_ALERT_INDEX),
                    IndexInitializer.ALERT_INDEX_DEFINITION));
            indexes.add(new IndexInitializer(client, settings.required(Setting.BP_PATIENT_DAYS_INDEX),
                    IndexInitializer.PATIENT_DAYS_INDEX_DEFINITION));
            indexes.add(new IndexInitializer(client, settings.required(Setting.BP_AUDIT_INDEX),
                    IndexInitializer.AUDIT_INDEX_DEFINITION));
        }
        return indexes;
    }
}
