package io.bpmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmonitor.alerts.AlertStream.Reading;
import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.KafkaTestClient;
import org.junit.jupiter.api.Test;

/**
 * The packaged detector on real Kafka and Elasticsearch, fed known sequences (a crisis, repeated high readings, both,
 * a week of home readings above 135/85 and then below,
 * an episode that resolves and a new one, a low pressure that is no anomaly, a crisis with its diastolic absent): exactly one alert per episode, in {@code bp_alerts} and on
 * {@code bp-alerts}, checked value by value while open and once resolved.
 */
class AlertsIT {

    private static final String RESOLUTION = "no anomalous reading for 60 minutes";

    @Test
    void knownSequencesGiveExactlyOneAlertPerEpisode() throws Exception {
        AlertStream stream = new AlertStream(1);
        AppProcess detector = AppProcess.start("alerts", stream.settings).awaitStarted(Duration.ofSeconds(60));
        try {
            // phase 1, minutes 0-40: every alert opens, none resolves yet
            KafkaTestClient.send(stream.topic(), stream.records(List.of(
                    new Reading("p-crisis", "c1", 0, 190, 100),
                    new Reading("p-repeated", "s1", 0, 150, 95),
                    new Reading("p-both", "b1", 0, 150, 95),
                    new Reading("p-new", "n1", 0, 200, 110),
                    new Reading("p-crisis", "c2", 5, 120, 80),
                    new Reading("p-both", "b2", 5, 185, 105),
                    new Reading("p-repeated", "s2", 10, 150, 95),
                    new Reading("p-both", "b3", 10, 150, 92),
                    new Reading("p-repeated", "s3", 20, 150, 95),
                    new Reading("p-repeated", "s4", 40, 160, 100),
                    new Reading("p-low", "l1", 0, 72, 44),
                    new Reading("p-low", "l2", 5, 68, 40),
                    new Reading("p-low", "l3", 10, 84, 58),
                    Reading.withoutDiastolic("p-partial", "d1", 0, 212),
                    ERRONEOUS)));
            // three days of home readings at 145/92, morning and evening twice: the 12th opens the home rule's alert
            KafkaTestClient.send(stream.topic(), stream.records(homeReadings("h", 0, 3, 145, 92)));

            Alert crisis = open("p-crisis", AlertKind.CRISIS, "c1", 0, 0, 1, 190, 100, List.of("c1"));
            Alert repeated = open("p-repeated", AlertKind.REPEATED, "s3", 20, 20, 3, 150, 95, List.of("s1", "s2", "s3"));
            Alert bothCrisis = open("p-both", AlertKind.CRISIS, "b2", 5, 5, 1, 185, 105, List.of("b2"));
            Alert bothRepeated = open("p-both", AlertKind.REPEATED, "b3", 10, 10, 3, 185, 105, List.of("b1", "b2", "b3"));
            Alert firstEpisode = open("p-new", AlertKind.CRISIS, "n1", 0, 0, 1, 200, 110, List.of("n1"));
            Alert low = open("p-low", AlertKind.HYPOTENSION, "l1", 0, 0, 1, 72, 44, List.of("l1"));
            Alert partial = open("p-partial", AlertKind.CRISIS, "d1", 0, 0, 1, 212, null, List.of("d1"));
            Alert erroneous = open("p-error", AlertKind.CRISIS, "e1", 0, 0, 1, 205, 121, List.of("e1"));
            Alert home = open("p-home", AlertKind.SUSTAINED, "h-2-3", HOME_LAST, HOME_LAST, 12, 145, 92,
                    List.of("h-2-3"));
            stream.awaitAlertDocuments(documents(crisis,
                    extended(repeated, 40, 4, 160, 100), extended(bothCrisis, 10, 2, 185, 105), bothRepeated,
                    firstEpisode, extended(low, 10, 3, 68, 40), partial, erroneous, home), Duration.ofSeconds(60));
            assertThat(stream.anomalyDocument("e1")).as("indexed before its withdrawal").isNotNull();
            JsonNode homeDay = stream.awaitPatientDay("p-home", LocalDate.of(2026, 12, 1), 4, Duration.ofSeconds(60));
            assertThat(homeDay.path("seven_day_readings").asInt()).isEqualTo(12);
            assertThat(homeDay.path("seven_day_days").asInt()).isEqualTo(3);
            assertThat(homeDay.path("seven_day_systolic_mean").asDouble()).isEqualTo(145.0);
            assertThat(homeDay.path("above_target").asInt()).isEqualTo(4);

            // every reading of the day is in its patient's day, normal ones too: 72/44, 68/40, 84/58
            JsonNode lowDay = stream.awaitPatientDay("p-low", LocalDate.of(2026, 11, 29), 3, Duration.ofSeconds(60));
            assertThat(lowDay.path("systolic_mean").asDouble()).isEqualTo(74.7);
            assertThat(lowDay.path("diastolic_min").asInt()).isEqualTo(40);
            assertThat(lowDay.path("morning_readings").asInt()).isEqualTo(3);
            assertThat(lowDay.path("above_target").asInt()).isZero();
            assertThat(lowDay.path("seven_day_readings").asInt()).isEqualTo(3);

            // phase 2, minute 120: p-new's first episode resolves by its new crisis, which opens a second one; the
            // others stay open: another patient's reading does not end an episode, and these readings arrived today,
            // so their quiet period runs from now
            // and p-error's crisis reading is entered in error: its anomaly document goes, its alert is withdrawn
            KafkaTestClient.send(stream.topic(), stream.records(List.of(new Reading("p-new", "n2", 120, 181, 90),
                    ERRONEOUS.enteredInError())));
            Alert withdrawn = new Alert(erroneous.alertId(), "p-error", AlertKind.CRISIS, AlertStatus.WITHDRAWN,
                    erroneous.openedAt(), erroneous.lastReadingAt(), null, null,
                    "its readings were entered in error or corrected", 1, 205, 121, List.of("e1"),
                    Review.UNREVIEWED);
            Alert secondEpisode = open("p-new", AlertKind.CRISIS, "n2", 120, 120, 1, 181, 90, List.of("n2"));
            Map<String, JsonNode> afterPhase2 = documents(crisis, extended(repeated, 40, 4, 160, 100),
                    extended(bothCrisis, 10, 2, 185, 105), bothRepeated, resolved(firstEpisode), secondEpisode,
                    extended(low, 10, 3, 68, 40), partial, withdrawn, home);
            stream.awaitAlertDocuments(afterPhase2, Duration.ofSeconds(60));
            assertThat(stream.anomalyDocument("e1")).as("the withdrawn reading's anomaly").isNull();
            stream.awaitAlertDocuments(afterPhase2, Duration.ofSeconds(60));

            // phase 3, ten hours later: p-crisis and p-both measure again (anomalous, not a crisis): their episodes end
            KafkaTestClient.send(stream.topic(), stream.records(List.of(new Reading("p-crisis", "c3", 600, 150, 95),
                    new Reading("p-both", "b4", 600, 150, 95))));
            // p-home at 110/70 from the fourth day: the 6th reading brings the 7-day mean below 135/85 (134.3/84.7)
            KafkaTestClient.send(stream.topic(), stream.records(homeReadings("l", 3, 5, 110, 70).subList(0, 6)));
            // the 5th still leaves the mean above (134.7/85.5): the alert took it, 17 readings in its 7 days
            Alert homeResolved = new Alert(home.alertId(), "p-home", AlertKind.SUSTAINED, AlertStatus.RESOLVED,
                    home.openedAt(), minute(4 * DAY), minute(4 * DAY + 2), null,
                    "7-day mean back below 135/85 mmHg", 17, 145, 92, home.observationIds(), Review.UNREVIEWED);
            Map<String, JsonNode> expected = new TreeMap<>(afterPhase2);
            expected.putAll(documents(resolved(crisis), resolved(extended(bothCrisis, 10, 2, 185, 105)),
                    resolved(bothRepeated), homeResolved));
            stream.awaitAlertDocuments(expected, Duration.ofSeconds(60));

            List<Alert> expectedEvents = List.of(crisis, repeated, bothCrisis, bothRepeated, firstEpisode, low,
                    partial, erroneous, withdrawn, resolved(firstEpisode), secondEpisode, resolved(crisis),
                    resolved(extended(bothCrisis, 10, 2, 185, 105)), resolved(bothRepeated), home, homeResolved);
            Map<String, List<JsonNode>> events = AlertStream.byEventKey(stream.alertEvents(16, Duration.ofSeconds(30)));
            Map<String, List<JsonNode>> expectedByKey = new TreeMap<>();
            for (Alert event : expectedEvents) {
                expectedByKey.put(event.alertId() + ":" + event.status().code(), List.of(AlertStream.alert(event)));
            }
            assertThat(events).as("each event once, value by value").isEqualTo(expectedByKey);
        } finally {
            detector.close();
        }
    }

    private static final int DAY = 24 * 60;
    private static final Reading ERRONEOUS = new Reading("p-error", "e1", 0, 205, 121);
    /** The minute of p-home's 12th reading: the third day's evening, its second reading. */
    private static final int HOME_LAST = 2 * DAY + 11 * 60 + 2;

    /**
     * p-home's readings of days {@code from} to {@code to} (excluded) after T0's: at T0 (08:00 UTC) and 2 minutes
     * later, then at 19:00 and 19:02; ids {@code <prefix>-<day>-<n>}.
     */
    private static List<Reading> homeReadings(String prefix, int from, int to, int systolic, int diastolic) {
        List<Reading> readings = new java.util.ArrayList<>();
        for (int day = from; day < to; day++) {
            int[] minutes = {0, 2, 11 * 60, 11 * 60 + 2};
            for (int n = 0; n < minutes.length; n++) {
                readings.add(new Reading("p-home", prefix + "-" + day + "-" + n, day * DAY + minutes[n], systolic,
                        diastolic));
            }
        }
        return readings;
    }

    private static Alert open(String patient, AlertKind kind, String opening, int openedAt, int lastAt, int readings,
                              Integer systolic, Integer diastolic, List<String> observations) {
        return new Alert(Alert.idOf(patient, kind, opening), patient, kind, AlertStatus.OPEN, minute(openedAt),
                minute(lastAt), null, null, null, readings, systolic, diastolic, observations, Review.UNREVIEWED);
    }

    private static Alert extended(Alert alert, int lastAt, int readings, int systolic, int diastolic) {
        return new Alert(alert.alertId(), alert.patientId(), alert.kind(), alert.status(), alert.openedAt(),
                minute(lastAt), null, null, null, readings, systolic, diastolic, alert.observationIds(),
                Review.UNREVIEWED);
    }

    private static Alert resolved(Alert alert) {
        return new Alert(alert.alertId(), alert.patientId(), alert.kind(), AlertStatus.RESOLVED, alert.openedAt(),
                alert.lastReadingAt(), alert.lastReadingAt().plus(Duration.ofMinutes(60)), null, RESOLUTION,
                alert.readings(), alert.systolic(), alert.diastolic(), alert.observationIds(), Review.UNREVIEWED);
    }

    private static Instant minute(int minute) {
        return AlertStream.T0.plus(Duration.ofMinutes(minute));
    }

    private static Map<String, JsonNode> documents(Alert... alerts) throws Exception {
        Map<String, JsonNode> documents = new TreeMap<>();
        for (Alert alert : alerts) {
            documents.put(alert.alertId(), AlertStream.alert(alert));
        }
        return documents;
    }
}
