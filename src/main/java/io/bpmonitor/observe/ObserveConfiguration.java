package io.bpmonitor.observe;

import javax.management.ObjectName;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.spi.ManagementAgent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the management server shows beyond Camel's own: the Elasticsearch and Kafka health checks (the stages bind
 * their own, {@code indexing} and {@code alert-engine}), the {@code bp_*} meters and the pipeline counters as an MBean. Loaded by camel-main through {@code camel.main.configuration-classes} after
 * {@code BpMonitorConfiguration}, whose {@code pipelineCounters} bean it reads; so {@code java -jar}, the tests and
 * {@code camel run} get the same.
 */
public class ObserveConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ObserveConfiguration.class);

    /** Found by camel-health through the registry ({@code camel.health.registry-enabled}, on by default). */
    @BindToRegistry("elasticsearchHealthCheck")
    public ElasticsearchHealthCheck elasticsearchHealthCheck(CamelContext context) {
        return new ElasticsearchHealthCheck(Settings.of(context).integer(Setting.BP_HEALTH_TIMEOUT_MS));
    }

    @BindToRegistry("kafkaHealthCheck")
    public KafkaHealthCheck kafkaHealthCheck(CamelContext context) throws Exception {
        KafkaHealthCheck check = new KafkaHealthCheck(Settings.of(context).integer(Setting.BP_HEALTH_TIMEOUT_MS));
        context.addService(check, true, true);
        return check;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Observer observer = new Observer();
        context.getManagementStrategy().addEventNotifier(new IndexingLatencyNotifier(observer));
        context.addStartupListener(observer);
        context.addService(observer, true, true);
    }

    /** Binds the meters and the MBean once Camel (and so its meter registry and JMX agent) runs; unbinds at stop. */
    static final class Observer extends ServiceSupport implements ExtendedStartupListener, IndexingLatencyNotifier.Sink {

        private volatile PipelineMetrics metrics;
        private volatile ObjectName mbeanName;
        private volatile ManagementAgent agent;
        private CamelContext context;

        @Override
        public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            // wait for fully started: the meter registry is bound while Camel starts
        }

        @Override
        public synchronized void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
            if (metrics != null) {
                return;
            }
            this.context = context;
            PipelineCounters counters = context.getRegistry().lookupByNameAndType("pipelineCounters", PipelineCounters.class);
            if (counters == null) {
                LOG.warn("No pipelineCounters bean: bp_* metrics and the PipelineCounters MBean are not available");
                return;
            }
            PipelineMetrics bound = new PipelineMetrics(counters);
            MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
            if (registry != null) {
                bound.bindTo(registry);
            }
            metrics = bound;
            ManagementAgent managementAgent = context.getManagementStrategy().getManagementAgent();
            if (managementAgent != null) {
                try {
                    ObjectName name = new ObjectName("io.bpmonitor:type=PipelineCounters,context="
                            + ObjectName.quote(context.getManagementName() != null ? context.getManagementName() : context.getName()));
                    managementAgent.register(new PipelineCountersMBean(counters), name, true);
                    agent = managementAgent;
                    mbeanName = name;
                } catch (Exception e) {
                    LOG.warn("Could not register the PipelineCounters MBean: {}", e.toString());
                }
            }
        }

        @Override
        public void recordIndexing(long millis, boolean succeeded) {
            PipelineMetrics current = metrics;
            if (current != null) {
                current.recordIndexing(millis, succeeded);
            }
        }

        @Override
        protected synchronized void doStop() {
            if (agent != null && mbeanName != null) {
                try {
                    agent.unregister(mbeanName);
                } catch (Exception e) {
                    LOG.debug("Could not unregister {}: {}", mbeanName, e.toString());
                }
            }
            mbeanName = null;
            agent = null;
        }
    }
}
