package io.bpmonitor.observe;

import org.apache.camel.NonManagedService;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Times every exchange sent to an {@code elasticsearch:} endpoint (the detector's bulk request) from Camel's own
 * "exchange sent" event, so the indexing route needs no timing code of its own.
 */
public class IndexingLatencyNotifier extends EventNotifierSupport implements NonManagedService {

    /** Where the durations go. */
    public interface Sink {
        void recordIndexing(long millis, boolean succeeded);
    }

    private final Sink metrics;

    public IndexingLatencyNotifier(Sink metrics) {
        this.metrics = metrics;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSentEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.ExchangeSentEvent sent = (CamelEvent.ExchangeSentEvent) event;
        if (sent.getEndpoint() != null && sent.getEndpoint().getEndpointUri().startsWith("elasticsearch:")) {
            metrics.recordIndexing(sent.getTimeTaken(), sent.getExchange().getException() == null);
        }
    }
}
