package io.bpmonitor.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Finds a JDK that can run Elasticsearch 9 (Java 21+). The integ-test distribution has no bundled JDK,
 * and the app itself may run on Java 17, so the JDK is looked up: the explicit setting, then
 * JAVA_HOME, then the running JVM, then the newest under /usr/lib/jvm.
 */
public final class JavaRuntimeFinder {

    static final int MINIMUM_MAJOR = 21;
    private static final Path SYSTEM_JVMS = Path.of("/usr/lib/jvm");

    private JavaRuntimeFinder() {
    }

    public static Path find(Optional<Path> explicit) {
        if (explicit.isPresent()) {
            Path home = explicit.get();
            int major = majorVersion(home).orElse(-1);
            if (major < MINIMUM_MAJOR) {
                throw new IllegalStateException(LocalStackSettings.ELASTICSEARCH_JAVA_HOME + "=" + home
                        + " is not a JDK " + MINIMUM_MAJOR + "+ (found version " + (major < 0 ? "none" : major)
                        + " in its 'release' file); Elasticsearch needs Java " + MINIMUM_MAJOR + " or newer");
            }
            return home;
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("JAVA_HOME")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(candidates::add);
        candidates.add(Path.of(System.getProperty("java.home")));
        candidates.addAll(systemJvmsNewestFirst());
        return candidates.stream()
                .filter(home -> majorVersion(home).orElse(-1) >= MINIMUM_MAJOR)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Elasticsearch needs Java " + MINIMUM_MAJOR
                        + "+ but none was found (looked at JAVA_HOME, the running JVM and " + SYSTEM_JVMS
                        + "); install one (e.g. apt-get install openjdk-21-jdk-headless) or point "
                        + LocalStackSettings.ELASTICSEARCH_JAVA_HOME + " at it"));
    }

    private static List<Path> systemJvmsNewestFirst() {
        if (!Files.isDirectory(SYSTEM_JVMS)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(SYSTEM_JVMS)) {
            return dirs.filter(Files::isDirectory)
                    .sorted(Comparator.comparingInt((Path p) -> majorVersion(p).orElse(-1)).reversed())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The major version from a JDK's {@code release} file, if it has one and a {@code bin/java}. */
    static OptionalInt majorVersion(Path javaHome) {
        Path release = javaHome.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(javaHome.resolve("bin/java"))) {
            return OptionalInt.empty();
        }
        try (Stream<String> lines = Files.lines(release)) {
            return lines.filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", "").trim())
                    .mapToInt(JavaRuntimeFinder::parseMajor)
                    .filter(major -> major > 0)
                    .findFirst();
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    /** "25.0.3" → 25, "21-ea" → 21, "1.8.0_292" → 8; 0 when unparseable. */
    static int parseMajor(String version) {
        String[] parts = version.trim().split("[.\\-+_]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
