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

/** The packages read as the pipeline: no cycles, and the pipeline depends on nothing that watches or wires it. */
class PackageDependenciesTest {

    private static final Path MAIN = Path.of("src", "main", "java", "io", "bpmonitor");
    private static final Pattern USE = Pattern.compile("io\\.bpmonitor\\.([a-z]+)\\.[A-Z]");
    private static final Set<String> PIPELINE = Set.of("config", "detection", "indexing", "delivery", "simulation");
    private static final Set<String> AROUND_IT = Set.of("observe", "security", "board", "app");

    @Test
    void noCyclesAndThePipelineDependsOnNothingAroundIt() throws IOException {
        Map<String, Set<String>> uses = uses();
        for (String pipeline : PIPELINE) {
            assertThat(uses.getOrDefault(pipeline, Set.of())).as(pipeline + " depends on").doesNotContainAnyElementsOf(AROUND_IT);
        }
        for (String from : uses.keySet()) {
            assertThat(reachable(uses, from)).as("a cycle through " + from).doesNotContain(from);
        }
    }

    private static Map<String, Set<String>> uses() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = MAIN.relativize(file).getName(0).toString();
                Matcher use = USE.matcher(Files.readString(file));
                while (use.find()) {
                    if (!use.group(1).equals(from)) {
                        uses.computeIfAbsent(from, key -> new TreeSet<>()).add(use.group(1));
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
