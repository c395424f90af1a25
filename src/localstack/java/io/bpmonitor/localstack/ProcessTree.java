package io.bpmonitor.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Stops a process and all its descendants: politely first, then forcibly. The Elasticsearch launcher
 * is a CLI JVM that forks the server JVM, so killing only the direct child could orphan the server.
 */
final class ProcessTree {

    private ProcessTree() {
    }

    static void stop(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(tree, Instant.now().plus(grace))) {
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, Instant.now().plusSeconds(10));
        }
    }

    private static boolean awaitExit(List<ProcessHandle> tree, Instant deadline) {
        try {
            for (ProcessHandle handle : tree) {
                long remaining = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
                handle.onExit().get(remaining, TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
