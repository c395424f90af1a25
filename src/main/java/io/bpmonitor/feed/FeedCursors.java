package io.bpmonitor.feed;

import java.util.Optional;

/** Where the feed's cursors are kept ({@link KafkaFeedCursors}); the route writes them, the feed reads one at start. */
@FunctionalInterface
public interface FeedCursors {

    /** The latest cursor kept for the server with this key, if any. */
    Optional<FeedCursor> latest(String server) throws InterruptedException;
}
