package io.bpmonitor.testing;

import static io.bpmonitor.config.Setting.BP_DETECTOR_MAX_POLL_RECORDS;
import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_MAX_MESSAGE_BYTES;
import static io.bpmonitor.config.Setting.BP_TOPIC;

import java.util.Map;

/**
 * What a detector integration test opens with: {@link RunningApp#isolatedSettings()} under the test's own settings,
 * its readings topic created on the shared Kafka, and the names it reads back. {@link #settings()} stays the test's to
 * change before it starts the app.
 */
public record IsolatedRun(Map<String, String> settings) {

    /** Fresh isolated settings under {@code overrides}; the readings topic created with {@code partitions}. */
    public static IsolatedRun withTopic(int partitions, Map<String, String> overrides) {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.putAll(overrides);
        SharedStack.createTopic(settings.get(BP_TOPIC.property()), partitions);
        return new IsolatedRun(settings);
    }

    /**
     * A detector for the poison corpus ({@link PoisonCorpus}): records over {@code maxMessageBytes} dead-lettered
     * unparsed, polls of 100 records, the topic in 2 partitions.
     */
    public static IsolatedRun forPoisonCorpus(int maxMessageBytes) {
        return withTopic(2, SettingMap.of(BP_MAX_MESSAGE_BYTES, String.valueOf(maxMessageBytes),
                BP_DETECTOR_MAX_POLL_RECORDS, "100"));
    }

    public String topic() {
        return settings.get(BP_TOPIC.property());
    }

    public String dlqTopic() {
        return settings.get(BP_DLQ_TOPIC.property());
    }

    public String index() {
        return settings.get(BP_INDEX.property());
    }

    public String group() {
        return settings.get(BP_GROUP_ID.property());
    }
}
