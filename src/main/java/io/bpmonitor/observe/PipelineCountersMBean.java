package io.bpmonitor.observe;

import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;

/** {@link PipelineCounters} over JMX (and so Jolokia and Hawtio): {@code io.bpmonitor:type=PipelineCounters,context=...}. */
@ManagedResource(description = "bp-monitor pipeline totals")
public class PipelineCountersMBean {

    private final PipelineCounters counters;

    public PipelineCountersMBean(PipelineCounters counters) {
        this.counters = counters;
    }

    @ManagedAttribute(description = PipelineCounters.PRODUCED)
    public long getReadingsProduced() {
        return counters.produced();
    }

    @ManagedAttribute(description = PipelineCounters.CONSUMED)
    public long getReadingsConsumed() {
        return counters.consumed();
    }

    @ManagedAttribute(description = PipelineCounters.INDEXED)
    public long getAnomaliesIndexed() {
        return counters.indexed();
    }

    @ManagedAttribute(description = PipelineCounters.DEAD_LETTERED)
    public long getDeadLettered() {
        return counters.deadLettered();
    }
}
