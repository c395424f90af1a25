package io.bpmonitor.detector;

import static io.bpmonitor.config.Setting.BP_DETECTOR_MAX_POLL_RECORDS;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_TOPIC;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.bpmonitor.testing.ExpectedAnomalies;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.PacedProducer;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;

/**
 * The stream the process-level delivery tests disturb: isolated settings for a detector polling 200 records at a
 * time, its own topic, 3,000 known readings for it and exactly the anomalies they must leave in the index.
 */
record KnownStream(Map<String, String> settings, List<Sent> readings, ExpectedAnomalies expected) {

    /** {@code extraSettings} are the test's own (group timings, retry delays); the topic is created here. */
    static KnownStream prepare(Map<String, String> extraSettings, int partitions, long seed) {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.putAll(extraSettings);
        settings.put(BP_DETECTOR_MAX_POLL_RECORDS.property(), "200");
        SharedStack.createTopic(settings.get(BP_TOPIC.property()), partitions);
        List<Sent> readings = KnownReadings.generate(3_000, seed);
        return new KnownStream(settings, readings, ExpectedAnomalies.of(readings));
    }

    String topic() {
        return settings.get(BP_TOPIC.property());
    }

    String index() {
        return settings.get(BP_INDEX.property());
    }

    String group() {
        return settings.get(BP_GROUP_ID.property());
    }

    /** Starts sending every reading to the topic at {@code perSecond}. */
    PacedProducer produce(int perSecond) {
        return PacedProducer.start(KnownReadings.records(topic(), readings), perSecond);
    }

    /** Once the group has committed the whole topic: exactly the expected anomalies in the index. */
    void awaitExactlyTheExpectedAnomalies() throws Exception {
        expected.awaitExactlyIn(index(), group(), topic(), Duration.ofSeconds(120));
    }
}
