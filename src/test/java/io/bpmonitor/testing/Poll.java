package io.bpmonitor.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** Waits for a condition with a deadline, so tests synchronise on facts rather than fixed sleeps. */
public final class Poll {

    private Poll() {
    }

    /**
     * Polls {@code condition} until it returns true; an exception counts as "not yet".
     * Throws {@link AssertionError} naming {@code description} (and the last exception) at the deadline.
     */
    public static void until(Duration timeout, Callable<Boolean> condition, String description) {
        Instant deadline = Instant.now().plus(timeout);
        long pauseMillis = 20;
        Exception lastError = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception e) {
                lastError = e;
            }
            if (Instant.now().isAfter(deadline)) {
                AssertionError failure = new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for: " + description
                        + (lastError == null ? "" : " (last error: " + lastError + ")"));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for: " + description, e);
            }
            pauseMillis = Math.min(pauseMillis * 2, 500);
        }
    }
}
