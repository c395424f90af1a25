package io.bpmonitor.feed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How far the feed has read a FHIR server: the {@code meta.lastUpdated} of the newest Observation published, and the
 * ids published with exactly that time. The next search asks for {@code _lastUpdated=ge} that time, so a reading
 * stored in the same millisecond as the last one, but not yet seen, is not lost; the ids keep the ones already sent
 * from being sent at every poll. {@link #START} is a feed that has read nothing (everything the server has is new).
 */
public record FeedCursor(Instant lastUpdated, Set<String> idsAtLastUpdated) {

    public static final FeedCursor START = new FeedCursor(null, Set.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    public FeedCursor {
        idsAtLastUpdated = Set.copyOf(idsAtLastUpdated);
    }

    /** A feed told to start at {@code instant} ({@code BP_FHIR_FEED_START}). */
    public static FeedCursor from(Instant instant) {
        return new FeedCursor(instant, Set.of());
    }

    /** The search parameter: {@code _lastUpdated=ge2026-11-29T10:00:00.123Z}, or nothing from the start. */
    public String searchParameter() {
        return lastUpdated == null ? "" : "&_lastUpdated=ge" + DateTimeFormatter.ISO_INSTANT.format(lastUpdated);
    }

    /** Whether an Observation last updated at {@code updated} has not been published yet. */
    public boolean isNew(String id, Instant updated) {
        return lastUpdated == null || updated == null || updated.isAfter(lastUpdated)
                || updated.equals(lastUpdated) && !idsAtLastUpdated.contains(id);
    }

    /** The cursor once an Observation last updated at {@code updated} is published (pages come oldest first). */
    public FeedCursor after(String id, Instant updated) {
        if (updated == null || lastUpdated != null && updated.isBefore(lastUpdated)) {
            return this;
        }
        if (updated.equals(lastUpdated)) {
            Set<String> ids = new TreeSet<>(idsAtLastUpdated);
            ids.add(id);
            return new FeedCursor(lastUpdated, ids);
        }
        return new FeedCursor(updated, Set.of(id));
    }

    /** The record kept on the cursor topic. */
    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        if (lastUpdated != null) {
            node.put("lastUpdated", DateTimeFormatter.ISO_INSTANT.format(lastUpdated));
        }
        idsAtLastUpdated.stream().sorted().forEach(node.putArray("idsAtLastUpdated")::add);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FeedCursor fromJson(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            Set<String> ids = new TreeSet<>();
            node.path("idsAtLastUpdated").forEach(id -> ids.add(id.asText()));
            return node.hasNonNull("lastUpdated")
                    ? new FeedCursor(Instant.parse(node.get("lastUpdated").asText()), ids) : START;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a feed cursor record", e);
        }
    }
}
