package io.bpmonitor.observe;

import java.time.Duration;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * bp-monitor's own meters next to Camel's: the totals of {@link PipelineCounters} and the duration of each
 * Elasticsearch bulk request (docs/operations.md#metrics).
 */
public class PipelineMetrics implements MeterBinder {

    private final PipelineCounters counters;
    private volatile Timer success;
    private volatile Timer failure;

    public PipelineMetrics(PipelineCounters counters) {
        this.counters = counters;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("bp.readings.produced", counters, PipelineCounters::produced)
                .description(PipelineCounters.PRODUCED).register(registry);
        FunctionCounter.builder("bp.readings.consumed", counters, PipelineCounters::consumed)
                .description(PipelineCounters.CONSUMED).register(registry);
        FunctionCounter.builder("bp.anomalies.indexed", counters, PipelineCounters::indexed)
                .description(PipelineCounters.INDEXED).register(registry);
        FunctionCounter.builder("bp.dead.lettered", counters, PipelineCounters::deadLettered)
                .description(PipelineCounters.DEAD_LETTERED).register(registry);
        success = latency(registry, "success");
        failure = latency(registry, "failure");
    }

    private static Timer latency(MeterRegistry registry, String outcome) {
        return Timer.builder("bp.indexing.latency")
                .description("Duration of one Elasticsearch bulk request")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** One bulk request took {@code millis}; a no-op until bound to a registry. */
    public void recordIndexing(long millis, boolean succeeded) {
        Timer timer = succeeded ? success : failure;
        if (timer != null) {
            timer.record(Duration.ofMillis(millis));
        }
    }
}
