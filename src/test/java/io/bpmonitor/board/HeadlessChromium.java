package io.bpmonitor.board;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium, run once per page: {@code --dump-dom} after a virtual-time budget, so the page's own
 * timers (the refresh loop) run and the DOM is read as the scripts left it. Every run has a fresh profile and resolves
 * no host but the loopback one, so a page that needed the network (a CDN) would show it.
 */
final class HeadlessChromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The browser named by {@code BP_CHROMIUM}, or the first of chromium / chromium-browser / google-chrome on PATH. */
    static Optional<HeadlessChromium> find() {
        String configured = System.getenv("BP_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(new HeadlessChromium(path)) : Optional.empty();
        }
        String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String name : NAMES) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate));
                }
            }
        }
        return Optional.empty();
    }

    Path binary() {
        return binary;
    }

    /** The serialised DOM once {@code virtualTimeMs} of page time has passed (network waits do not count). */
    String dumpDom(String url, int virtualTimeMs, String windowSize) throws Exception {
        return run(url, virtualTimeMs, windowSize, List.of("--dump-dom"));
    }

    /** A PNG of the page, for a person to look at. */
    void screenshot(String url, int virtualTimeMs, String windowSize, Path png) throws Exception {
        run(url, virtualTimeMs, windowSize, List.of("--screenshot=" + png.toAbsolutePath(), "--hide-scrollbars"));
    }

    private String run(String url, int virtualTimeMs, String windowSize, List<String> action) throws Exception {
        Path profile = Files.createTempDirectory("bp-board-chromium-");
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                // offline: every host but the loopback one fails to resolve
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--window-size=" + windowSize,
                "--virtual-time-budget=" + virtualTimeMs));
        command.addAll(action);
        command.add(url);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError("Chromium did not finish within 90 s on " + url);
            }
            String dom = new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("Chromium exited with " + process.exitValue() + " on " + url);
            }
            return dom;
        } finally {
            process.destroyForcibly();
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // a temp directory: best effort
        }
    }
}
