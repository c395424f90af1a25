package io.bpmonitor.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.fhir.api.ExtraParameters;
import org.apache.camel.component.kafka.KafkaConstants;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one FHIR feed ({@code routes/feed.yaml}): which search to make, the messages of each page's resources
 * ({@link FeedResource}: readings, or patients' targets), and the cursor, advanced only once Kafka has acknowledged the
 * page's messages.
 */
public class FhirFeed {

    private static final Logger LOG = LoggerFactory.getLogger(FhirFeed.class);

    /** Exchange property: the page being published. */
    static final String PAGE = "bpFeedPage";
    /** Exchange property: the cursor once the page is published. */
    static final String NEXT_CURSOR = "bpFeedNextCursor";
    /** Exchange property: how many readings of the page go to Kafka. */
    public static final String TO_SEND = "bpFeedToSend";

    private final FeedServer server;
    private final FeedResource<?> resource;
    private final int pageSize;
    private final Duration overlap;
    private final FeedCursors cursors;
    private final FeedCursor start;
    private final FeedProblems problems;
    private volatile FeedCursor cursor;

    /**
     * @param overlap how far each search reaches back before the cursor ({@code BP_FHIR_FEED_OVERLAP_MS})
     * @param start   where a feed with no cursor kept for this server begins ({@code BP_FHIR_FEED_START})
     */
    public FhirFeed(FeedServer server, FeedResource<?> resource, int pageSize, Duration overlap, FeedCursors cursors,
            FeedCursor start, FeedProblems problems) {
        this.server = server;
        this.resource = resource;
        this.pageSize = pageSize;
        this.overlap = overlap;
        this.cursors = cursors;
        this.start = start;
        this.problems = problems;
    }

    /** Before each poll: the search from the cursor, oldest first, past any cache the server keeps of searches. */
    public void search(Exchange exchange) throws InterruptedException {
        if (cursor == null) {
            cursor = cursors.latest(resource.cursorKey(server)).orElse(start);
            LOG.info("{} starts at {}", name(), cursor.lastUpdated() == null ? "the beginning" : cursor.lastUpdated());
        }
        Message message = exchange.getMessage();
        String query = resource.criteria() + cursor.searchParameter(overlap) + "&_sort=_lastUpdated&_count=" + pageSize;
        message.setHeader("CamelFhir.url", resource.type().getSimpleName() + "?"
                + (query.startsWith("&") ? query.substring(1) : query));
        // a mutable map: camel-fhir fails the call (UnsupportedOperationException) on an immutable one
        Map<ExtraParameters, Object> options = new EnumMap<>(ExtraParameters.class);
        options.put(ExtraParameters.CACHE_CONTROL_DIRECTIVE, new CacheControlDirective().setNoCache(true));
        message.setHeader("CamelFhir.extraParameters", options);
    }

    /** A page of the search: its resources not yet published become the messages to send, once they can go. */
    public void messages(Exchange exchange) throws Exception {
        Bundle page = exchange.getMessage().getMandatoryBody(Bundle.class);
        FeedCursor next = cursor;
        List<Message> messages = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : page.getEntry()) {
            if (!resource.type().isInstance(entry.getResource())) {
                continue; // an OperationOutcome the server adds to the page, or an included resource
            }
            DomainResource found = (DomainResource) entry.getResource();
            String id = found.getIdElement().getIdPart();
            Instant updated = found.getMeta().hasLastUpdated() ? found.getMeta().getLastUpdated().toInstant() : null;
            if (next.isNew(id, updated)) {
                Message message;
                try {
                    message = messageOf(found, exchange);
                } catch (RuntimeException e) {
                    // one resource the feed cannot read holds up none after it: said, and passed over
                    LOG.warn("{}/{} passed over: {}", found.fhirType(), id, e.getClass().getSimpleName());
                    message = null;
                }
                if (message != null) {
                    messages.add(message);
                }
            }
            next = next.after(id, updated, overlap);
        }
        if (!messages.isEmpty()) {
            resource.prepare();
        }
        exchange.setProperty(PAGE, page);
        exchange.setProperty(NEXT_CURSOR, next);
        exchange.setProperty(TO_SEND, messages.size());
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(messages);
    }

    @SuppressWarnings("unchecked")
    private <R extends DomainResource> Message messageOf(DomainResource found, Exchange exchange) {
        return ((FeedResource<R>) resource).message((R) found, exchange.getContext());
    }

    /** The messages are acknowledged: the cursor record to keep, keyed by server and resource. */
    public void cursorRecord(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(KafkaConstants.KEY, resource.cursorKey(server));
        message.setBody(exchange.getProperty(NEXT_CURSOR, FeedCursor.class).toJson());
    }

    /** The cursor is kept: the feed moves on, to the next page if the server links one (else the body is null). */
    public void advance(Exchange exchange) {
        cursor = exchange.getProperty(NEXT_CURSOR, FeedCursor.class);
        problems.cleared(name());
        Bundle page = exchange.getProperty(PAGE, Bundle.class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(page.getLink(Bundle.LINK_NEXT) != null ? page : null);
    }

    /** A poll failed: one line, then the next poll tries again from the cursor kept. */
    public void failed(Exchange exchange) {
        problems.report(name(), exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    /** The feed as its lines name it: {@code FHIR feed of Observations from <server>}. */
    private String name() {
        return "FHIR feed of " + resource.type().getSimpleName() + "s from " + server;
    }
}
