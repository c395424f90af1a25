package io.bpmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The escalation looks only at the urgent alerts nobody acknowledged: an alert awaiting review otherwise (not urgent,
 * acknowledged, at the last level) is kept in the store but not looked through every 10 s, and a task started on a
 * restored store finds the ones due again.
 */
class AlertsAwaitingReviewTest {

    private static final Instant T0 = Instant.parse("2026-12-08T08:00:00Z");
    private final Reviews reviews = new Reviews(Duration.ofMinutes(15));
    private final KeyValueStore<String, Alert> store = store();

    private static KeyValueStore<String, Alert> store() {
        KeyValueStore<String, Alert> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("awaiting"),
                Serdes.String(), Serdes.serdeFrom((topic, alert) -> PatientAlertsCodec.bytes(alert),
                        (topic, bytes) -> PatientAlertsCodec.alert(bytes))).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private static Alert raised(String patient, AlertKind kind, int systolic, int diastolic) {
        AlertingReading reading = new AlertingReading(patient + "-obs", T0, null, systolic, diastolic, true);
        Alert alert = Alert.open(patient, kind, reading, List.of(reading));
        return alert.withReview(alert.review().raised(T0));
    }

    @Test
    void onlyTheUrgentUnacknowledgedAreLookedThroughAndARestartFindsThemAgain() {
        AlertsAwaitingReview awaiting = new AlertsAwaitingReview(store, reviews);
        Alert crisis = raised("p-1", AlertKind.CRISIS, 196, 118);
        Alert low = raised("p-2", AlertKind.HYPOTENSION, 72, 44);
        Alert repeated = raised("p-3", AlertKind.REPEATED, 152, 96);
        for (Alert alert : List.of(crisis, low, repeated)) {
            awaiting.put(alert);
        }
        assertThat(awaiting.mayEscalate()).extracting(Alert::alertId)
                .containsExactlyInAnyOrder(crisis.alertId(), low.alertId());
        assertThat(awaiting.get(repeated.alertId())).as("still awaiting its review").isEqualTo(repeated);

        Review acknowledged = new Review(ReviewStatus.ACKNOWLEDGED, T0, "dr-ada", "acknowledge", "dr-ada",
                T0.plusSeconds(60), null, null, 0, 1, List.of("ack-1"));
        awaiting.put(low.withReview(acknowledged));
        Alert lastLevel = crisis.withReview(crisis.review().escalatedTo(Reviews.ESCALATION_LEVELS));
        awaiting.put(lastLevel);
        assertThat(awaiting.mayEscalate()).isEmpty();
        assertThat(awaiting.get(lastLevel.alertId())).as("waits for a named person to close it").isEqualTo(lastLevel);

        Alert another = raised("p-4", AlertKind.CRISIS, 201, 122);
        store.put(another.alertId(), another); // as a restore writes it, before the task starts
        assertThat(new AlertsAwaitingReview(store, reviews).mayEscalate()).extracting(Alert::alertId)
                .containsExactly(another.alertId());
    }
}
