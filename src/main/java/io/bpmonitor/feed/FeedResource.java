package io.bpmonitor.feed;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.hl7.fhir.r4.model.DomainResource;

/**
 * What one feed searches the EHR for and what it makes of each resource found: blood-pressure Observations become
 * readings ({@link FeedObservations}), Goals on blood pressure patients' targets ({@link FeedGoals}). Each has a
 * cursor of its own on the server.
 */
public interface FeedResource<R extends DomainResource> {

    Class<R> type();

    /** Before a page's messages go: what they need (their topic); a failure fails the poll, retried. */
    default void prepare() throws Exception {
    }

    /** The search's own parameters ({@code a=b&c=d}); empty for every resource of the type. */
    String criteria();

    /** Where this feed's cursor is kept for the server: one per server and resource. */
    String cursorKey(FeedServer server);

    /** The Kafka message of a new version of the resource, or null when it is not the feed's. */
    Message message(R resource, CamelContext context);
}
