package io.bpmonitor.detector;

import static io.bpmonitor.config.Setting.BP_ALERTS_ENABLED;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import org.junit.jupiter.api.Test;

/**
 * The detector's bulk step on a real Elasticsearch, given a poll of 5,000 anomalies one of which has an id over
 * Elasticsearch's 512 bytes (the reader refuses such ids, so the poll is built here): Elasticsearch refuses the whole
 * request; the step sends it again in parts, indexes the other 4,999 in the same attempt and dead-letters the one with
 * Elasticsearch's reason, without pausing.
 */
class BulkRefusedWholeIT {

    @Test
    void oneDocumentInFiveThousandDoesNotSinkTheOthers() throws Exception {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.put(BP_ROUTES.property(), "detector");
        settings.put(BP_ALERTS_ENABLED.property(), "false");
        String index = settings.get(BP_INDEX.property());
        String[] ids = new String[5_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "whole-" + i;
        }
        ids[2_718] = "x".repeat(600);
        ClassifiedPoll batch = ClassifiedPolls.withAnomalies(ids);

        try (RunningApp app = RunningApp.start(settings)) {
            IndexedPoll indexed = app.context().getRegistry().lookupByNameAndType("pollIndexer", PollIndexer.class)
                    .index(batch);

            assertThat(indexed.indexed()).isEqualTo(4_999);
            assertThat(indexed.deadLetters()).singleElement().satisfies(deadLetter -> {
                assertThat(deadLetter.source().offset()).isEqualTo(2_718);
                assertThat(deadLetter.reason()).startsWith("rejected by Elasticsearch (400 "
                        + "action_request_validation_exception): Validation Failed: 1: id [xxxx")
                        .hasSizeLessThan(300);
            });
            Poll.until(Duration.ofSeconds(30), () -> Anomalies.count(index) == 4_999, "4,999 anomalies searchable");
            assertThat(Anomalies.all(index)).containsKey("whole-0").containsKey("whole-4999")
                    .doesNotContainKey(ids[2_718]);
            assertThat(app.context().getRegistry().lookupByNameAndType("indexingPause", IndexingPause.class).cause())
                    .isEmpty();
        }
    }
}
