package io.bpmonitor.feed;

import static io.bpmonitor.fhir.BloodPressureCodes.LOINC;
import static io.bpmonitor.fhir.BloodPressureCodes.PANEL;
import static io.bpmonitor.fhir.BloodPressureCodes.PATIENT_REFERENCE_PREFIX;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.CacheControlDirective;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.component.fhir.api.ExtraParameters;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the FHIR feed ({@code routes/feed.yaml}): which search to make, the readings of each page as Kafka
 * messages keyed by patient (like the simulator's and the FHIR endpoint's), and the cursor, advanced only once Kafka has
 * acknowledged the page's readings. The detector checks the readings as any other.
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
    private final int pageSize;
    private final Duration overlap;
    private final FeedCursors cursors;
    private final FeedCursor start;
    private final IParser json;
    private final FeedProblems problems;
    private volatile FeedCursor cursor;

    /**
     * @param overlap how far each search reaches back before the cursor ({@code BP_FHIR_FEED_OVERLAP_MS})
     * @param start   where a feed with no cursor kept for this server begins ({@code BP_FHIR_FEED_START})
     */
    public FhirFeed(FeedServer server, int pageSize, Duration overlap, FeedCursors cursors, FeedCursor start,
            FhirContext fhir, FeedProblems problems) {
        this.server = server;
        this.pageSize = pageSize;
        this.overlap = overlap;
        this.cursors = cursors;
        this.start = start;
        this.json = fhir.newJsonParser();
        this.problems = problems;
    }

    /** Before each poll: the search from the cursor, oldest first, past any cache the server keeps of searches. */
    public void search(Exchange exchange) throws InterruptedException {
        if (cursor == null) {
            cursor = cursors.latest(server.key()).orElse(start);
            LOG.info("FHIR feed from {} starts at {}", server, cursor.lastUpdated() == null ? "the beginning" : cursor.lastUpdated());
        }
        Message message = exchange.getMessage();
        message.setHeader("CamelFhir.url", "Observation?code=" + LOINC + "|" + PANEL + cursor.searchParameter(overlap)
                + "&_sort=_lastUpdated&_count=" + pageSize);
        // a mutable map: camel-fhir fails the call (UnsupportedOperationException) on an immutable one
        Map<ExtraParameters, Object> options = new EnumMap<>(ExtraParameters.class);
        options.put(ExtraParameters.CACHE_CONTROL_DIRECTIVE, new CacheControlDirective().setNoCache(true));
        message.setHeader("CamelFhir.extraParameters", options);
    }

    /** A page of the search: its Observations not yet published become the messages to send. */
    public void readings(Exchange exchange) throws InvalidPayloadException {
        Bundle page = exchange.getMessage().getMandatoryBody(Bundle.class);
        FeedCursor next = cursor;
        List<Message> messages = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : page.getEntry()) {
            if (!(entry.getResource() instanceof Observation observation)) {
                continue; // an OperationOutcome the server adds to the page, or an included resource
            }
            String id = observation.getIdElement().getIdPart();
            Instant updated = observation.getMeta().hasLastUpdated() ? observation.getMeta().getLastUpdated().toInstant() : null;
            if (next.isNew(id, updated)) {
                Message message = new DefaultMessage(exchange.getContext());
                message.setHeader(KafkaConstants.KEY, patientKey(observation));
                message.setBody(json.encodeResourceToString(observation).getBytes(StandardCharsets.UTF_8));
                messages.add(message);
            }
            next = next.after(id, updated, overlap);
        }
        exchange.setProperty(PAGE, page);
        exchange.setProperty(NEXT_CURSOR, next);
        exchange.setProperty(TO_SEND, messages.size());
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(messages);
    }

    /** The readings are acknowledged: the cursor record to keep, keyed by server. */
    public void cursorRecord(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(KafkaConstants.KEY, server.key());
        message.setBody(exchange.getProperty(NEXT_CURSOR, FeedCursor.class).toJson());
    }

    /** The cursor is kept: the feed moves on, to the next page if the server links one (else the body is null). */
    public void advance(Exchange exchange) {
        cursor = exchange.getProperty(NEXT_CURSOR, FeedCursor.class);
        problems.cleared(server);
        Bundle page = exchange.getProperty(PAGE, Bundle.class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(page.getLink(Bundle.LINK_NEXT) != null ? page : null);
    }

    /** A poll failed: one line, then the next poll tries again from the cursor kept. */
    public void failed(Exchange exchange) {
        problems.report(server, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    /** The Kafka key: the patient's id, from {@code subject: Patient/<id>}, as the detector reads it; else none. */
    static String patientKey(Observation observation) {
        String reference = observation.getSubject().getReference();
        return reference != null && reference.startsWith(PATIENT_REFERENCE_PREFIX)
                ? reference.substring(PATIENT_REFERENCE_PREFIX.length()) : null;
    }
}
