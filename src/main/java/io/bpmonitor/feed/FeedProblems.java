package io.bpmonitor.feed;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Objects;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import io.bpmonitor.kafka.MissingTopicException;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What went wrong with a feed's poll, said in one line naming the feed and what to check: no stack trace, no response
 * body, no credential (HAPI's and Kafka's messages may hold them, so none is repeated). Said once while it lasts, and
 * once when the feed reads again; a changing problem is said again. One per feed: the Observations may be read while
 * the Goals are forbidden.
 */
public class FeedProblems {

    private static final Logger LOG = LoggerFactory.getLogger(FeedProblems.class);

    private final long retryMs;
    private String current;

    public FeedProblems(long retryMs) {
        this.retryMs = retryMs;
    }

    /** @param feed the feed, as its lines name it: {@code FHIR feed of Goals from <server>} */
    public synchronized void report(String feed, Throwable error) {
        String problem = describe(error);
        if (!problem.equals(current)) {
            current = problem;
            LOG.warn("{}: {}; trying again every {} ms", feed, problem, retryMs);
        }
    }

    public synchronized void cleared(String feed) {
        if (current != null) {
            current = null;
            LOG.info("{} reads again", feed);
        }
    }

    /** The problem, from the most telling exception in the chain. */
    static String describe(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException) {
                return "the server refused the feed's credentials (401): check BP_FHIR_FEED_USERNAME and BP_FHIR_FEED_PASSWORD, or BP_FHIR_FEED_TOKEN";
            }
            if (cause instanceof ForbiddenOperationException) {
                return "the server forbids the feed's login this search (403): give it the right to read these resources";
            }
            if (cause instanceof FhirClientConnectionException || cause instanceof DataFormatException) {
                return connection(cause);
            }
            if (cause instanceof BaseServerResponseException response) {
                return "the server answered HTTP " + response.getStatusCode() + " to the search: check BP_FHIR_FEED_URL (the FHIR base, ending in /fhir or similar)";
            }
            if (cause instanceof MissingTopicException missing) {
                return "Kafka has no topic " + missing.topic() + " yet, which the targets are partitioned like: check BP_TOPIC";
            }
            if (cause instanceof KafkaException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                return "Kafka did not acknowledge the readings or the cursor (" + cause.getClass().getSimpleName() + "); the page is read again";
            }
        }
        return "the poll failed (" + Objects.requireNonNull(error).getClass().getSimpleName() + ")";
    }

    private static String connection(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return "the server's host is unknown: check BP_FHIR_FEED_URL";
            }
            if (cause instanceof ConnectException) {
                return "the server cannot be reached (connection refused): check BP_FHIR_FEED_URL";
            }
            if (cause instanceof SocketTimeoutException) {
                return "the server did not answer in time";
            }
            if (cause instanceof IOException) {
                return "the server cannot be reached (" + cause.getClass().getSimpleName() + "): check BP_FHIR_FEED_URL";
            }
        }
        return "the server's answer is not a FHIR Bundle: check BP_FHIR_FEED_URL (the FHIR base, ending in /fhir or similar)";
    }
}
