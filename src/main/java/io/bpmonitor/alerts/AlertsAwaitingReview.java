package io.bpmonitor.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The store {@code alerts-awaiting-review} (every alert no clinician has closed) and, in memory, the few of them an
 * escalation may still be due for: urgent, unacknowledged, below the last level. The escalation looks at those alone,
 * so its every-10-s pass stays small however many alerts wait for a review.
 */
final class AlertsAwaitingReview {

    private final KeyValueStore<String, Alert> store;
    private final Reviews reviews;
    private final Set<String> mayEscalate = new TreeSet<>(); // in the store's order, as the pass once read them

    /** Reads the store once: the task's alerts as restored. */
    AlertsAwaitingReview(KeyValueStore<String, Alert> store, Reviews reviews) {
        this.store = store;
        this.reviews = reviews;
        try (KeyValueIterator<String, Alert> all = store.all()) {
            all.forEachRemaining(entry -> track(entry.value));
        }
    }

    Alert get(String alertId) {
        return store.get(alertId);
    }

    /** Keeps the alert until a clinician closes it (or a withdrawal takes it away). */
    void put(Alert alert) {
        if (alert.review().isClosed() || alert.status() == AlertStatus.WITHDRAWN) {
            store.delete(alert.alertId());
            mayEscalate.remove(alert.alertId());
        } else {
            store.put(alert.alertId(), alert);
            track(alert);
        }
    }

    /** The alerts an escalation may be due for now. */
    List<Alert> mayEscalate() {
        List<Alert> alerts = new ArrayList<>(mayEscalate.size());
        for (String alertId : mayEscalate) {
            alerts.add(store.get(alertId));
        }
        return alerts;
    }

    private void track(Alert alert) {
        if (reviews.mayEscalate(alert)) {
            mayEscalate.add(alert.alertId());
        } else {
            mayEscalate.remove(alert.alertId());
        }
    }
}
