package io.bpmonitor.feed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How far the feed has read a FHIR server: the newest {@code meta.lastUpdated} published, and every Observation
 * published with a {@code lastUpdated} within the overlap before it (id and version time). The next search reaches
 * back by the overlap ({@code _lastUpdated=ge} the cursor less the overlap), so a reading a server stores late (its
 * transaction began first but committed after a later one's) or in the same millisecond as the last one is still
 * found, and the ones remembered are not sent again. {@link #START} is a feed that has read nothing.
 */
public record FeedCursor(Instant lastUpdated, Map<String, Instant> recent) {

    public static final FeedCursor START = new FeedCursor(null, Map.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    public FeedCursor {
        recent = Map.copyOf(recent);
    }

    /** A feed told to start at {@code instant} ({@code BP_FHIR_FEED_START}). */
    public static FeedCursor from(Instant instant) {
        return new FeedCursor(instant, Map.of());
    }

    /** The search parameter: {@code &_lastUpdated=ge2026-11-29T10:00:00.123Z}, or nothing from the start. */
    public String searchParameter(Duration overlap) {
        return lastUpdated == null ? "" : "&_lastUpdated=ge" + DateTimeFormatter.ISO_INSTANT.format(lastUpdated.minus(overlap));
    }

    /** Whether this version of an Observation (last updated at {@code updated}) has not been published yet. */
    public boolean isNew(String id, Instant updated) {
        return updated == null || !updated.equals(recent.get(id));
    }

    /** The cursor once this version of an Observation is published (pages come oldest first). */
    public FeedCursor after(String id, Instant updated, Duration overlap) {
        if (updated == null) {
            return this;
        }
        Instant newest = lastUpdated == null || updated.isAfter(lastUpdated) ? updated : lastUpdated;
        Instant oldestKept = newest.minus(overlap);
        Map<String, Instant> kept = new TreeMap<>(recent);
        kept.put(id, updated);
        kept.values().removeIf(time -> time.isBefore(oldestKept));
        return new FeedCursor(newest, kept);
    }

    /** The record kept on the cursor topic. */
    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        if (lastUpdated != null) {
            node.put("lastUpdated", DateTimeFormatter.ISO_INSTANT.format(lastUpdated));
        }
        ObjectNode published = node.putObject("recent");
        new TreeMap<>(recent).forEach((id, time) -> published.put(id, DateTimeFormatter.ISO_INSTANT.format(time)));
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FeedCursor fromJson(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            Map<String, Instant> recent = new TreeMap<>();
            node.path("recent").fields().forEachRemaining(entry -> recent.put(entry.getKey(), Instant.parse(entry.getValue().asText())));
            return node.hasNonNull("lastUpdated") ? new FeedCursor(Instant.parse(node.get("lastUpdated").asText()), recent) : START;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a feed cursor record", e);
        }
    }
}
