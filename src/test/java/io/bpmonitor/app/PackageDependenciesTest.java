package io.bpmonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages read as the pipeline (docs/architecture.md): the stages, the shared ground below them, and the app that
 * wires both. No cycles; the ground imports no stage; nothing but the app imports the app.
 */
class PackageDependenciesTest {

    private static final Path MAIN = Path.of("src", "main", "java", "io", "bpmonitor");
    private static final Pattern USE = Pattern.compile("io\\.bpmonitor\\.([a-z.]+?)\\.[A-Z]");
    private static final Set<String> STAGES = Set.of("ingest", "hl7", "feed", "simulation", "fhir", "rules", "detector",
            "deadletter", "alerts", "alerts.outputs", "board");
    private static final Set<String> GROUND = Set.of("config", "kafka", "elasticsearch", "tls", "observe",
            "signin");
    private static final String APP = "app";

    @Test
    void everyPackageIsAStageTheGroundOrTheApp() throws IOException {
        Set<String> packages = new TreeSet<>(uses().keySet());
        packages.removeAll(STAGES);
        packages.removeAll(GROUND);
        packages.remove(APP);
        assertThat(packages).as("packages neither stage, ground nor app").isEmpty();
    }

    @Test
    void noCyclesTheGroundImportsNoStageAndOnlyTheAppImportsTheApp() throws IOException {
        Map<String, Set<String>> uses = uses();
        for (String ground : GROUND) {
            assertThat(uses.getOrDefault(ground, Set.of())).as(ground + " depends on")
                    .doesNotContainAnyElementsOf(STAGES).doesNotContain(APP);
        }
        for (String stage : STAGES) {
            assertThat(uses.getOrDefault(stage, Set.of())).as(stage + " depends on").doesNotContain(APP);
        }
        for (String from : uses.keySet()) {
            assertThat(reachable(uses, from)).as("a cycle through " + from).doesNotContain(from);
        }
    }

    private static Map<String, Set<String>> uses() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = MAIN.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), ".");
                Set<String> used = uses.computeIfAbsent(from, key -> new TreeSet<>());
                Matcher use = USE.matcher(Files.readString(file));
                while (use.find()) {
                    if (!use.group(1).equals(from)) {
                        used.add(use.group(1));
                    }
                }
            }
        }
        return uses;
    }

    private static Set<String> reachable(Map<String, Set<String>> uses, String from) {
        Set<String> seen = new TreeSet<>();
        List<String> next = new ArrayList<>(uses.getOrDefault(from, Set.of()));
        while (!next.isEmpty()) {
            String current = next.remove(next.size() - 1);
            if (seen.add(current)) {
                next.addAll(uses.getOrDefault(current, Set.of()));
            }
        }
        return seen;
    }
}
