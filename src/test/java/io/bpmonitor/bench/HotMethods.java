package io.bpmonitor.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the detector's time goes: reads a JFR recording made with {@code -Dbench.profile=true} and prints the
 * methods most often on top of the stack (self time) and the components most often anywhere on it (total time).
 *
 * <p>{@code java -cp <test classpath> io.bpmonitor.bench.HotMethods target/benchmark/mixed/detector.jfr}
 */
public final class HotMethods {

    private HotMethods() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> components = new HashSet<>();
            for (RecordedFrame frame : frames) {
                components.add(component(frame.getMethod().getType().getName()));
            }
            components.forEach(component -> total.merge(component, 1, Integer::sum));
        }
        System.out.println(samples + " samples");
        print("self time, top methods", self, samples);
        print("total time, by component", total, samples);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    /** A package prefix that names a part of the pipeline: HAPI, Camel, Kafka, Elasticsearch client, ours. */
    private static String component(String type) {
        String[] parts = type.split("\\.");
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(parts.length - 1, 4)));
    }

    private static void print(String title, Map<String, Integer> counts, int samples) {
        System.out.println("== " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                .forEach(entry -> System.out.printf("%5.1f %%  %s%n", 100.0 * entry.getValue() / samples,
                        entry.getKey()));
    }
}
