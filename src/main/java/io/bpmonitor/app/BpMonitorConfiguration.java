package io.bpmonitor.app;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import io.bpmonitor.alerts.IndexProjection;
import io.bpmonitor.config.Role;
import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import io.bpmonitor.deadletter.DeadLetterReplay;
import io.bpmonitor.deadletter.DeadLetters;
import io.bpmonitor.deadletter.ReplayPlan;
import io.bpmonitor.deadletter.ReplaySelection;
import io.bpmonitor.detector.AnomalyDocumentMapper;
import io.bpmonitor.detector.BulkBisection;
import io.bpmonitor.detector.BulkRequests;
import io.bpmonitor.detector.BulkSender;
import io.bpmonitor.detector.BulkResponseInspector;
import io.bpmonitor.detector.DetectorRoutes;
import io.bpmonitor.detector.IndexingHealthCheck;
import io.bpmonitor.detector.IndexingPause;
import io.bpmonitor.detector.PollClassifier;
import io.bpmonitor.detector.PollIndexer;
import io.bpmonitor.detector.PollTransactions;
import io.bpmonitor.elasticsearch.ElasticsearchClients;
import io.bpmonitor.elasticsearch.ElasticsearchConnection;
import io.bpmonitor.elasticsearch.IndexInitializer;
import io.bpmonitor.feed.FeedCursor;
import io.bpmonitor.feed.FeedGoals;
import io.bpmonitor.feed.FeedObservations;
import io.bpmonitor.feed.FeedProblems;
import io.bpmonitor.feed.FeedResource;
import io.bpmonitor.feed.FeedServer;
import io.bpmonitor.feed.FhirFeed;
import io.bpmonitor.feed.KafkaFeedCursors;
import io.bpmonitor.fhir.FutureReadings;
import io.bpmonitor.fhir.MessageReader;
import io.bpmonitor.fhir.ObservationReader;
import io.bpmonitor.fhir.PayloadGuard;
import io.bpmonitor.hl7.Hl7Door;
import io.bpmonitor.hl7.PeerCheckingMllpComponent;
import io.bpmonitor.hl7.Pcd01Mapping;
import io.bpmonitor.hl7.V2Messages;
import io.bpmonitor.ingest.BearerTokens;
import io.bpmonitor.ingest.FhirIngest;
import io.bpmonitor.ingest.IngestGate;
import io.bpmonitor.ingest.ServerBodyLimit;
import io.bpmonitor.kafka.KafkaClients;
import io.bpmonitor.kafka.PartitionedTopics;
import io.bpmonitor.kafka.PollCountingClients;
import io.bpmonitor.kafka.RecordPositionFactory;
import io.bpmonitor.kafka.TransactionalProducers;
import io.bpmonitor.observe.PipelineCounters;
import io.bpmonitor.observe.ProgressReport;
import io.bpmonitor.rules.HypertensionClassifier;
import io.bpmonitor.rules.PatientTarget;
import io.bpmonitor.rules.ReadingRule;
import io.bpmonitor.simulation.PatientCohort;
import io.bpmonitor.simulation.HomeMonitoring;
import io.bpmonitor.simulation.PacedStream;
import io.bpmonitor.simulation.PatientSimulator;
import io.bpmonitor.simulation.ReadingGenerator;
import io.bpmonitor.simulation.SimulatorPacer;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.StartupListener;
import org.apache.camel.cli.connector.DefaultCliConnectorFactory;
import org.apache.camel.component.es.ElasticsearchComponent;
import org.apache.camel.spi.CliConnectorFactory;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.util.IOHelper;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans the routes call by name. Loaded by camel-main through {@code camel.main.configuration-classes}, so the
 * same wiring serves {@code java -jar}, Maven, {@code camel run} and the route tests. Start-up checks are
 * {@link StartupChecks}.
 */
public class BpMonitorConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BpMonitorConfiguration.class);

    private final Clock clock = Clock.systemDefaultZone();
    private final PipelineCounters counters = new PipelineCounters();
    private final DeadLetters deadLetters = new DeadLetters(clock);
    private final IndexingPause indexingPause = new IndexingPause();
    private final ObservationReader reader = new ObservationReader(FhirContext.forR4Cached());

    /**
     * camel-cli-connector (what {@code camel ps} reads) runs a status task every second: only when asked. Camel starts
     * it from the context plugin, so the choice is set there, before the context starts.
     */
    @Override
    public void configure(CamelContext context) throws Exception {
        DefaultCliConnectorFactory cli = new DefaultCliConnectorFactory();
        cli.setEnabled(Settings.of(context).flag(Setting.BP_CAMEL_CLI));
        context.getCamelContextExtension().addContextPlugin(CliConnectorFactory.class, cli);
        // a body over the HTTP server's own limit: 413 as an OperationOutcome (FHIR) or JSON, not Vert.x's plain text
        // and logged exception
        context.addStartupListener(ServerBodyLimit.installer());
        if (Settings.of(context).roles().runs(Role.REPLAY)) {
            context.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) throws Exception {
                    started.getRegistry().lookupByNameAndType("deadLetterReplay", DeadLetterReplay.class).start(started);
                }
            });
        }
    }

    @BindToRegistry
    public PipelineCounters pipelineCounters() {
        return counters;
    }

    @BindToRegistry
    public ProgressReport progressReport() {
        return new ProgressReport(counters, System::nanoTime);
    }

    @BindToRegistry
    public PatientSimulator patientSimulator(CamelContext context) {
        Settings settings = Settings.of(context);
        Random random = settings.optional(Setting.BP_SIMULATOR_SEED).map(seed -> new Random(Long.parseLong(seed)))
                .orElseGet(Random::new);
        PatientCohort cohort = PatientCohort.generate(settings.integer(Setting.BP_SIMULATOR_PATIENTS), random);
        if ("stream".equals(settings.required(Setting.BP_SIMULATOR_MODE))) {
            return new PatientSimulator(new PacedStream(new ReadingGenerator(cohort, random, clock),
                    new SimulatorPacer(settings.number(Setting.BP_SIMULATOR_RATE), System::nanoTime)));
        }
        return new PatientSimulator(new HomeMonitoring(cohort, random, clock,
                ZoneId.of(settings.required(Setting.BP_DAY_ZONE)), settings.number(Setting.BP_SIMULATOR_TIME_COMPRESSION),
                Duration.ofDays(settings.integer(Setting.BP_SIMULATOR_BACKLOG_DAYS))));
    }

    @BindToRegistry
    public RecordPositionFactory recordPositionFactory() {
        return new RecordPositionFactory();
    }

    @BindToRegistry
    public PollCountingClients pollCountingClients() {
        return new PollCountingClients();
    }

    /** One reader for the detector and the FHIR endpoint: the door refuses what the detector would dead-letter. */
    @BindToRegistry
    public ObservationReader observationReader() {
        return reader;
    }

    /** Lazy, like the endpoint's other beans: built only where the ingest role runs, which has tokens. */
    @BindToRegistry(lazy = true)
    public IngestGate ingestGate(CamelContext context) {
        return new IngestGate(BearerTokens.from(Settings.of(context)));
    }

    @BindToRegistry(lazy = true)
    public FhirIngest fhirIngest(CamelContext context) {
        Settings settings = Settings.of(context);
        return new FhirIngest(context.getRegistry().lookupByNameAndType("ingestGate", IngestGate.class),
                messageReader(context), clock, settings.integer(Setting.BP_MAX_MESSAGE_BYTES),
                settings.integer(Setting.BP_INGEST_MAX_BUNDLE_BYTES),
                settings.text(Setting.BP_INGEST_PATIENT_IDENTIFIER_SYSTEM));
    }

    /** The bedside monitors' door (role hl7); lazy, like its listener: built where it runs. */
    @BindToRegistry(lazy = true)
    public Hl7Door hl7Door(CamelContext context) {
        return new Hl7Door(new V2Messages(), new Pcd01Mapping(), messageReader(context), FhirContext.forR4Cached(),
                deadLetters, clock, Settings.of(context).integer(Setting.BP_MAX_MESSAGE_BYTES));
    }

    /** camel-mllp as the mllp: scheme, refusing peers outside BP_HL7_ALLOWED_PEERS, with TLS when configured. */
    @BindToRegistry(value = "mllp", lazy = true)
    public PeerCheckingMllpComponent mllp(CamelContext context) {
        return PeerCheckingMllpComponent.from(Settings.of(context));
    }

    /** One reading of a message for every door: the detector's, the FHIR endpoint's and the MLLP listener's. */
    private MessageReader messageReader(CamelContext context) {
        Settings settings = Settings.of(context);
        return new MessageReader(reader::read, new PayloadGuard(settings.integer(Setting.BP_MAX_MESSAGE_BYTES)),
                new FutureReadings(Duration.ofSeconds(settings.integer(Setting.BP_MAX_CLOCK_SKEW))));
    }

    /** The FHIR server the feed reads, logged in with its credentials; lazy, like the feed: built where it runs. */
    @BindToRegistry(lazy = true)
    public IGenericClient fhirFeedClient(CamelContext context) {
        return FeedServer.from(Settings.of(context)).client(FhirContext.forR4Cached());
    }

    /** The feed of blood-pressure Observations: readings, to BP_TOPIC. */
    @BindToRegistry(lazy = true)
    public FhirFeed fhirFeed(CamelContext context) {
        return fhirFeed(context, new FeedObservations(FhirContext.forR4Cached()));
    }

    /** The feed of Goals on blood pressure: patients' targets, to BP_PATIENT_TARGETS_TOPIC. */
    @BindToRegistry(lazy = true)
    public FhirFeed fhirGoalFeed(CamelContext context) {
        Settings settings = Settings.of(context);
        String targets = settings.required(Setting.BP_PATIENT_TARGETS_TOPIC);
        return fhirFeed(context, new FeedGoals(targets, settings.integer(Setting.BP_HOME_SYSTOLIC),
                settings.integer(Setting.BP_HOME_DIASTOLIC), () -> PatientTarget.ensureTopic(
                        new PartitionedTopics(KafkaClients.of(context).properties()), targets,
                        settings.required(Setting.BP_TOPIC))));
    }

    private static FhirFeed fhirFeed(CamelContext context, FeedResource<?> resource) {
        Settings settings = Settings.of(context);
        FeedCursor start = settings.optional(Setting.BP_FHIR_FEED_START).map(Instant::parse).map(FeedCursor::from)
                .orElse(FeedCursor.START);
        return new FhirFeed(FeedServer.from(settings), resource, settings.integer(Setting.BP_FHIR_FEED_PAGE_SIZE),
                Duration.ofMillis(settings.integer(Setting.BP_FHIR_FEED_OVERLAP_MS)), new KafkaFeedCursors(
                        settings.required(Setting.BP_FHIR_FEED_CURSOR_TOPIC), KafkaClients.of(context).properties()), start,
                new FeedProblems(settings.integer(Setting.BP_FHIR_FEED_POLL_INTERVAL_MS)));
    }

    @BindToRegistry
    public PollClassifier pollClassifier(CamelContext context) {
        return new PollClassifier(messageReader(context), () -> ReadingRule.inForce(context),
                () -> ReadingRule.inForce(context, "crisisRule"),
                () -> ReadingRule.inForce(context, "lowPressureRule"), new AnomalyDocumentMapper(new HypertensionClassifier(), clock), deadLetters);
    }

    @BindToRegistry
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    @BindToRegistry
    @SuppressWarnings("unchecked")
    public PollIndexer pollIndexer(CamelContext context) {
        BulkRequests requests = new BulkRequests(Settings.of(context).required(Setting.BP_INDEX));
        ProducerTemplate template = context.createProducerTemplate();
        BulkSender sender = operations -> {
            try {
                return template.requestBody(DetectorRoutes.BULK_REQUEST, operations, List.class);
            } catch (CamelExecutionException e) {
                // what Elasticsearch or the network said, for the retry's log line, not the template's wrapper
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        };
        return new PollIndexer(requests, sender, bulkResponseInspector(context),
                new BulkBisection(requests, sender, deadLetters));
    }

    @BindToRegistry
    public IndexingPause indexingPause() {
        return indexingPause;
    }

    /** Found by camel-health through the registry: DOWN while Elasticsearch refuses every document it is sent. */
    @BindToRegistry("indexingHealthCheck")
    public IndexingHealthCheck indexingHealthCheck() {
        return new IndexingHealthCheck();
    }

    /** A deleted index is created again, with its mapping, before the refused bulk's retry. */
    private BulkResponseInspector bulkResponseInspector(CamelContext context) {
        String index = Settings.of(context).required(Setting.BP_INDEX);
        return new BulkResponseInspector(deadLetters, indexingPause, () -> {
            RestClient client = context.getRegistry().lookupByNameAndType("elasticsearchRestClient", RestClient.class);
            try {
                new IndexInitializer(ElasticsearchClients.javaClient(client), index).ensureIndex();
            } catch (IOException | RuntimeException e) {
                // the bulk is retried, and with it this
                LOG.debug("Index {} not created yet ({})", index, e.getClass().getSimpleName());
            }
        });
    }

    @BindToRegistry
    public PollTransactions pollTransactions(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        String deadLetterTopic = settings.required(Setting.BP_DLQ_TOPIC);
        TransactionalProducers producers = new TransactionalProducers(context, "kafka:" + deadLetterTopic,
                settings.required(Setting.BP_GROUP_ID));
        PollTransactions transactions = new PollTransactions(deadLetterTopic,
                settings.required(Setting.BP_READINGS_TOPIC), producers, counters);
        context.addService(transactions, true, true);
        return transactions;
    }

    /** Lazy: built where the replay role runs. Ends the application from a thread of its own, not the consumer's. */
    @BindToRegistry(lazy = true)
    public DeadLetterReplay deadLetterReplay(CamelContext context) {
        Settings settings = Settings.of(context);
        String topic = settings.required(Setting.BP_DLQ_TOPIC);
        Map<String, Object> client = KafkaClients.of(context).properties();
        return new DeadLetterReplay(topic, ReplaySelection.from(settings),
                () -> ReplayPlan.take(client, topic, settings.required(Setting.BP_REPLAY_GROUP_ID)),
                () -> context.getExecutorServiceManager().newThread("replay-done", context::stop).start());
    }

    @BindToRegistry(lazy = true)
    public IndexProjection indexProjection(CamelContext context) {
        Settings settings = Settings.of(context);
        return new IndexProjection(settings.required(Setting.BP_ALERT_INDEX),
                settings.required(Setting.BP_PATIENT_DAYS_TOPIC), settings.required(Setting.BP_PATIENT_DAYS_INDEX),
                settings.required(Setting.BP_AUDIT_INDEX));
    }

    /**
     * The alert projection's Elasticsearch component, with a client of its own: camel-elasticsearch's producer closes
     * its component's client when it stops, so at shutdown the projection, done first, would close the detector's
     * client under the poll it is still committing. Lazy: built where the alerts role runs.
     */
    @BindToRegistry(value = "elasticsearch-alerts", lazy = true)
    public ElasticsearchComponent alertsElasticsearch(CamelContext context) {
        ElasticsearchComponent component = new ElasticsearchComponent();
        component.setClient(ElasticsearchClients.restClient(ElasticsearchConnection.from(Settings.of(context))));
        return component;
    }

    /**
     * Lazy, so a simulator-only instance needs no Elasticsearch; camel-elasticsearch autowires it by type. Closed
     * when Camel stops, and only if it was ever built (a destroy method would build it at shutdown).
     */
    @BindToRegistry(value = "elasticsearchRestClient", lazy = true)
    public RestClient elasticsearchRestClient(CamelContext context) {
        RestClient client = ElasticsearchClients.restClient(ElasticsearchConnection.from(Settings.of(context)));
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                IOHelper.close(client);
            }
        });
        return client;
    }
}
