package io.bpmonitor.observe;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A check of a service bp-monitor waits out when it is gone (Kafka, Elasticsearch): readiness only. Restarting the
 * process would not bring the service back, so liveness stays UP and an orchestrator just stops routing to it.
 */
public abstract class ReadinessCheck extends AbstractHealthCheck {

    /** How long a check may wait for the service's answer. */
    protected final int timeoutMillis;

    protected ReadinessCheck(String id, int timeoutMillis) {
        super("bp-monitor", id);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public final boolean isLiveness() {
        return false;
    }

    @Override
    public final boolean isReadiness() {
        return true;
    }
}
