package io.bpmonitor.app;

import java.time.Clock;
import java.util.Random;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import io.bpmonitor.delivery.BatchCompletion;
import io.bpmonitor.delivery.DeadLetters;
import io.bpmonitor.delivery.DetectionBatchCollector;
import io.bpmonitor.delivery.KafkaBatch;
import io.bpmonitor.delivery.PayloadGuard;
import io.bpmonitor.delivery.RecordPositionFactory;
import io.bpmonitor.detection.HypertensionClassifier;
import io.bpmonitor.detection.ReadingExtractor;
import io.bpmonitor.indexing.AnomalyDocumentMapper;
import io.bpmonitor.indexing.BulkRequests;
import io.bpmonitor.indexing.BulkResponseInspector;
import io.bpmonitor.indexing.ElasticsearchClients;
import io.bpmonitor.indexing.IndexInitializer;
import io.bpmonitor.observe.PipelineCounters;
import io.bpmonitor.security.ElasticsearchConnection;
import io.bpmonitor.security.ElasticsearchStartupCheck;
import io.bpmonitor.security.KafkaSecurity;
import io.bpmonitor.security.KafkaStartupCheck;
import io.bpmonitor.observe.ProgressReport;
import io.bpmonitor.simulation.PatientCohort;
import io.bpmonitor.simulation.PatientSimulator;
import io.bpmonitor.simulation.ReadingGenerator;
import io.bpmonitor.simulation.SimulatorPacer;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.util.IOHelper;
import org.elasticsearch.client.RestClient;

/**
 * The beans the routes call by name. Loaded by camel-main through {@code camel.main.configuration-classes}, so the
 * same wiring serves {@code java -jar}, Maven and {@code camel run}.
 */
public class BpMonitorConfiguration implements CamelConfiguration {

    private final Clock clock = Clock.systemDefaultZone();
    private final PipelineCounters counters = new PipelineCounters();
    private final DeadLetters deadLetters = new DeadLetters(clock);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context.getPropertiesComponent());
        settings.validate();
        // every kafka: endpoint copies the component's configuration: security set once here covers them all
        KafkaSecurity kafkaSecurity = settings.kafkaSecurity();
        if (!kafkaSecurity.isPlaintext()) {
            kafkaSecurity.applyTo(context.getComponent("kafka", KafkaComponent.class).getConfiguration());
        }
        // before Camel starts anything: a wrong credential, CA or address fails here with one line naming the setting
        KafkaStartupCheck.run(settings.required(Setting.KAFKA_BROKERS), kafkaSecurity, KafkaStartupCheck.DEFAULT_TIMEOUT);
        if (settings.routes().contains(Settings.Role.DETECTOR)) {
            String index = settings.required(Setting.BP_INDEX);
            ElasticsearchConnection connection = settings.elasticsearchConnection();
            try (RestClient client = ElasticsearchClients.restClient(connection)) {
                ElasticsearchStartupCheck.run(connection, index,
                        () -> new IndexInitializer(ElasticsearchClients.javaClient(client), index).ensureIndex());
            }
        }
    }

    @BindToRegistry
    public FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    /** The parser refuses what it does not understand, so a malformed resource gets a clear dead-letter reason. */
    @BindToRegistry
    public StrictErrorHandler fhirStrictErrorHandler() {
        return new StrictErrorHandler();
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
        Settings settings = new Settings(context.getPropertiesComponent());
        Random random = settings.optional(Setting.BP_SIMULATOR_SEED).map(seed -> new Random(Long.parseLong(seed)))
                .orElseGet(Random::new);
        PatientCohort cohort = PatientCohort.generate(
                settings.simulatorPatients(), random);
        return new PatientSimulator(new ReadingGenerator(cohort, random, clock),
                new SimulatorPacer(settings.simulatorRate(), System::nanoTime));
    }

    @BindToRegistry
    public RecordPositionFactory recordPositionFactory() {
        return new RecordPositionFactory();
    }

    @BindToRegistry
    public KafkaBatch kafkaBatch() {
        return new KafkaBatch();
    }

    @BindToRegistry
    public PayloadGuard payloadGuard(CamelContext context) {
        Settings settings = new Settings(context.getPropertiesComponent());
        return new PayloadGuard(settings.maxMessageBytes());
    }

    @BindToRegistry
    public ReadingExtractor readingExtractor() {
        return new ReadingExtractor();
    }

    @BindToRegistry
    public AnomalyDocumentMapper anomalyDocuments() {
        return new AnomalyDocumentMapper(new HypertensionClassifier(), clock);
    }

    @BindToRegistry
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    @BindToRegistry
    public DetectionBatchCollector detectionBatchCollector() {
        return new DetectionBatchCollector();
    }

    @BindToRegistry
    public BulkRequests bulkRequests(CamelContext context) {
        Settings settings = new Settings(context.getPropertiesComponent());
        return new BulkRequests(settings.required(Setting.BP_INDEX));
    }

    @BindToRegistry
    public BulkResponseInspector bulkResponseInspector() {
        return new BulkResponseInspector(deadLetters);
    }

    @BindToRegistry
    public BatchCompletion batchCompletion() {
        return new BatchCompletion(counters);
    }

    /**
     * Lazy, so a simulator-only instance needs no Elasticsearch; camel-elasticsearch autowires it by type. Closed
     * when Camel stops, and only if it was ever built (a destroy method would build it at shutdown).
     */
    @BindToRegistry(value = "elasticsearchRestClient", lazy = true)
    public RestClient elasticsearchRestClient(CamelContext context) {
        Settings settings = new Settings(context.getPropertiesComponent());
        RestClient client = ElasticsearchClients.restClient(settings.elasticsearchConnection());
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                IOHelper.close(client);
            }
        });
        return client;
    }
}
