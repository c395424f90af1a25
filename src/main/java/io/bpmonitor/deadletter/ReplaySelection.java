package io.bpmonitor.deadletter;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;

/**
 * Which dead letters a replay puts back: those whose reason contains {@code reason} (ignoring case), within an offset
 * range of the dead-letter topic and refused within a time range; an absent bound does not limit.
 *
 * <p>A substring, not an exact match: a reason carries the record's own values ({@code systolic 420 mmHg ...}).
 *
 * @param reason     lower-case text the reason must contain; empty for every reason
 * @param fromOffset first offset (inclusive)
 * @param toOffset   last offset (inclusive)
 * @param from       refused at or after (inclusive), or null
 * @param to         refused before (exclusive), or null
 */
public record ReplaySelection(String reason, long fromOffset, long toOffset, Instant from, Instant to) {

    public ReplaySelection {
        reason = reason.toLowerCase(Locale.ROOT);
    }

    public static ReplaySelection from(Settings settings) {
        return new ReplaySelection(settings.text(Setting.BP_REPLAY_REASON),
                settings.optional(Setting.BP_REPLAY_FROM_OFFSET).map(Long::parseLong).orElse(0L),
                settings.optional(Setting.BP_REPLAY_TO_OFFSET).map(Long::parseLong).orElse(Long.MAX_VALUE),
                settings.optional(Setting.BP_REPLAY_FROM).map(Instant::parse).orElse(null),
                settings.optional(Setting.BP_REPLAY_TO).map(Instant::parse).orElse(null));
    }

    /**
     * @param deadLetterReason its {@code dlq.reason}, or null
     * @param offset           its offset in the dead-letter topic
     * @param failedAt         its {@code dlq.failed.at}, or null
     */
    public boolean selects(String deadLetterReason, long offset, String failedAt) {
        if (offset < fromOffset || offset > toOffset) {
            return false;
        }
        if (!reason.isEmpty() && (deadLetterReason == null || !deadLetterReason.toLowerCase(Locale.ROOT).contains(reason))) {
            return false;
        }
        if (from == null && to == null) {
            return true;
        }
        Instant refused = instant(failedAt);
        return refused != null && (from == null || !refused.isBefore(from)) && (to == null || refused.isBefore(to));
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The selection in words, for the log: the operator's own settings, never a record's content. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(reason.isEmpty() ? "every reason" : "reason contains '" + reason + "'");
        if (fromOffset > 0 || toOffset < Long.MAX_VALUE) {
            parts.add("offsets " + fromOffset + "-" + (toOffset == Long.MAX_VALUE ? "" : toOffset));
        }
        if (from != null || to != null) {
            parts.add("refused " + (from == null ? "" : "from " + from + " ") + (to == null ? "" : "before " + to));
        }
        return String.join(", ", parts).trim();
    }
}
