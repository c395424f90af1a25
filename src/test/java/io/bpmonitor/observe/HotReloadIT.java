package io.bpmonitor.observe;

import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.bpmonitor.rules.ReadingRule;
import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.LogCapture;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing the detector's YAML rule while bp-monitor runs takes effect in seconds, losing and duplicating nothing. */
class HotReloadIT {

    private static final String RULE = "${variable.systolic} > ${properties:bp.systolic-threshold}";
    private static final String EDITED_RULE = "${variable.systolic} > 160";
    private static final String BROKEN_RULE = "${variable.systolic > 160";

    @Test
    void anEditedThresholdAppliesWithinSecondsWithoutLossOrDuplicates(@TempDir Path routes) throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path detectorYaml = routes.resolve("detector.yaml");
        assertThat(Files.readString(detectorYaml)).as("the rule this test edits").contains(RULE);

        Map<String, String> settings = RunningApp.isolatedSettings();
        // the detector's file (the role this app runs, as {{role:route-paths}} would name it), from the temp copy
        settings.put("camel.main.routes-include-pattern", "file:" + routes.toAbsolutePath() + "/detector.yaml");
        settings.put("camel.main.routes-reload-directory", routes.toAbsolutePath().toString());
        String topic = settings.get(BP_TOPIC.property());
        String index = settings.get(BP_INDEX.property());
        SharedStack.createTopic(topic, 2);

        List<Sent> before = KnownReadings.generate(1_000, 101);
        List<Sent> after = KnownReadings.generate(1_000, 202);
        Set<String> expectedBefore = before.stream().filter(Sent::isAnomaly).map(Sent::id).collect(Collectors.toSet());
        Set<String> expectedAfter = after.stream().filter(r -> r.systolic() > 160 || r.diastolic() > 90)
                .map(Sent::id).collect(Collectors.toSet());
        assertThat(after.stream().filter(Sent::isAnomaly).count()).as("the new rule keeps fewer readings")
                .isGreaterThan(expectedAfter.size());

        try (RunningApp app = RunningApp.start(settings)) {
            KafkaTestClient.send(topic, KnownReadings.records(topic, before));
            Poll.until(Duration.ofSeconds(60), () -> app.counters().consumed() >= before.size(), "first readings consumed");
            assertThat(Anomalies.all(index).keySet()).containsExactlyInAnyOrderElementsOf(expectedBefore);

            Route detector = app.context().getRoute("detector");
            ReadingRule originalRule = app.context().getRegistry().lookupByNameAndType("anomalyRule", ReadingRule.class);
            long edited = System.nanoTime();
            Files.writeString(detectorYaml, Files.readString(detectorYaml).replace(RULE, EDITED_RULE));
            Poll.until(Duration.ofSeconds(20), () -> {
                ReadingRule rule = app.context().getRegistry().lookupByNameAndType("anomalyRule", ReadingRule.class);
                return rule != originalRule && rule.getExpression().contains("> 160");
            }, "the rule reloaded from the edited file");
            assertThat(app.context().getRoute("detector")).as("the detector's consumer kept running, not restarted")
                    .isSameAs(detector);
            assertThat(app.context().getRouteController().getRouteStatus("detector").isStarted()).isTrue();
            long reloadMillis = (System.nanoTime() - edited) / 1_000_000;
            System.out.println("HotReloadIT: rule reloaded " + reloadMillis + " ms after the edit");

            KafkaTestClient.send(topic, KnownReadings.records(topic, after));
            Poll.until(Duration.ofSeconds(60), () -> app.counters().consumed() >= before.size() + after.size(),
                    "second readings consumed");

            Set<String> expected = new HashSet<>(expectedBefore);
            expected.addAll(expectedAfter);
            assertThat(Anomalies.all(index).keySet()).as("exactly the anomalies of each rule, once")
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(app.counters().consumed()).as("every reading consumed once").isEqualTo(before.size() + after.size());
            assertThat(app.counters().indexed()).as("no anomaly indexed twice").isEqualTo(expected.size());
            assertThat(app.counters().deadLettered()).isZero();

            // a rule that does not compile: the old rule keeps running, one clear line names the file
            ReadingRule working = app.context().getRegistry().lookupByNameAndType("anomalyRule", ReadingRule.class);
            try (LogCapture log = LogCapture.open()) {
                Files.writeString(detectorYaml, Files.readString(detectorYaml).replace(EDITED_RULE, BROKEN_RULE));
                Poll.until(Duration.ofSeconds(20), () -> log.text().contains("detector.yaml: the anomaly rule does not compile"),
                        "a log line naming the file whose rule does not compile");
                assertThat(log.text().lines().filter(line -> line.contains("does not compile"))).as("one line").hasSize(1);
            }
            assertThat(app.context().getRegistry().lookupByNameAndType("anomalyRule", ReadingRule.class).getExpression())
                    .as("the working rule still in force").isEqualTo(working.getExpression());
            assertThat(app.context().getRouteController().getRouteStatus("detector").isStarted()).isTrue();
            List<Sent> third = KnownReadings.generate(500, 303);
            KafkaTestClient.send(topic, KnownReadings.records(topic, third));
            Poll.until(Duration.ofSeconds(60),
                    () -> app.counters().consumed() >= before.size() + after.size() + third.size(), "third readings consumed");
            third.stream().filter(r -> r.systolic() > 160 || r.diastolic() > 90).forEach(r -> expected.add(r.id()));
            assertThat(Anomalies.all(index).keySet()).as("classified by the last rule that compiled")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
