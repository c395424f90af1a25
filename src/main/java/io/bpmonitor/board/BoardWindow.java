package io.bpmonitor.board;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The time windows the board offers: how far back it looks and how wide one point of the trend is (30 points each).
 */
public enum BoardWindow {
    FIVE_MINUTES("5m", Duration.ofMinutes(5), Duration.ofSeconds(10)),
    FIFTEEN_MINUTES("15m", Duration.ofMinutes(15), Duration.ofSeconds(30)),
    ONE_HOUR("1h", Duration.ofHours(1), Duration.ofMinutes(2));

    /** What the board shows when the request names no window. */
    public static final BoardWindow DEFAULT = FIFTEEN_MINUTES;

    private static final int MAX_ECHOED_LENGTH = 20;

    private final String code;
    private final Duration length;
    private final Duration interval;

    BoardWindow(String code, Duration length, Duration interval) {
        this.code = code;
        this.length = length;
        this.interval = interval;
    }

    /**
     * @param value the {@code window} query parameter; absent or blank means {@link #DEFAULT}
     * @throws BoardRequestException naming the accepted values when {@code value} is none of them
     */
    public static BoardWindow parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String trimmed = value.trim();
        for (BoardWindow window : values()) {
            if (window.code.equals(trimmed)) {
                return window;
            }
        }
        String shown = trimmed.length() > MAX_ECHOED_LENGTH ? trimmed.substring(0, MAX_ECHOED_LENGTH) + "…" : trimmed;
        throw new BoardRequestException("Unknown window '" + shown + "': use one of " + accepted());
    }

    /** {@code 5m, 15m, 1h} */
    public static String accepted() {
        return Arrays.stream(values()).map(BoardWindow::code).collect(Collectors.joining(", "));
    }

    /** As written in the query string: {@code 5m}, {@code 15m}, {@code 1h}. */
    public String code() {
        return code;
    }

    public Duration length() {
        return length;
    }

    /** The width of one trend bucket. */
    public Duration interval() {
        return interval;
    }

    /** The interval as Elasticsearch writes a {@code fixed_interval}: {@code 10s}, {@code 30s}, {@code 120s}. */
    public String fixedInterval() {
        return interval.toSeconds() + "s";
    }
}
