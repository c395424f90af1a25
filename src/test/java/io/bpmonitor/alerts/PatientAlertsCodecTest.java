package io.bpmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PatientAlertsCodecTest {

    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00.125Z");

    @Test
    void everyFieldComesBack() {
        AlertingReading first = new AlertingReading("obs-1", T0, T0.plusSeconds(3), 150, 95, false);
        AlertingReading late = new AlertingReading("obs-2", T0.plusSeconds(600), null, 182, 100, true);
        Alert crisis = Alert.open("p-1", AlertKind.CRISIS, late, List.of(late));
        AlertingReading faint = new AlertingReading("obs-4", T0.plusSeconds(900), null, 72, 44, false);
        Alert low = Alert.open("p-1", AlertKind.HYPOTENSION, faint, List.of(faint));
        AlertingReading partial = new AlertingReading("obs-5", T0.plusSeconds(960), null, 212, null, true);
        Alert repeated = Alert.open("p-1", AlertKind.REPEATED, partial, List.of(first, partial));
        Alert resolved = new Alert("a-2", "p-1", AlertKind.SUSTAINED, AlertStatus.RESOLVED, T0, T0.plusSeconds(60),
                T0.plusSeconds(1_860), T0.plusSeconds(61), "quiet period passed", 4, 160, 99, List.of("obs-1", "obs-3"),
                new Review(ReviewStatus.CLOSED, T0.plusSeconds(2), "dr-bob", "close", "dr-ada", T0.plusSeconds(4_000),
                        "called: fine — à demain", ReviewOutcome.NO_ACTION_NEEDED, 2, 3,
                        List.of("ack-0001", "move-0001", "close-0001")));
        assertThat(PatientAlertsCodec.alert(PatientAlertsCodec.bytes(resolved))).isEqualTo(resolved);
        assertThat(PatientAlertsCodec.alert(PatientAlertsCodec.bytes(crisis))).isEqualTo(crisis);
        for (PatientAlerts state : List.of(PatientAlerts.NONE,
                new PatientAlerts(crisis, resolved, low, repeated, List.of(first, late), T0.plusSeconds(700),
                        Set.of(AlertKind.CRISIS, AlertKind.SUSTAINED, AlertKind.HYPOTENSION), 1_765_094_400_123L),
                new PatientAlerts(null, resolved, null, null, List.of(), null, Set.of(), 7))) {
            assertThat(PatientAlertsCodec.read(PatientAlertsCodec.bytes(state))).isEqualTo(state);
        }
    }

    @Test
    void theFirstReleasesJsonStateIsStillRead() {
        String json = "{\"crisis\":{\"alert_id\":\"a-1\",\"patient_id\":\"p-1\",\"kind\":\"crisis\","
                + "\"status\":\"open\",\"opened_at\":1796630400125,\"last_reading_at\":1796630400125,"
                + "\"resolved_at\":null,\"quiet_from\":1796630403125,\"resolution\":null,\"readings\":1,"
                + "\"systolic\":182,\"diastolic\":100,\"observation_ids\":[\"obs-2\"],\"review_status\":\"unreviewed\"},"
                + "\"sustained\":null,\"window\":[{\"observation_id\":\"obs-2\",\"effective_at\":1796630400125,"
                + "\"arrived_at\":1796630403125,\"systolic\":182,\"diastolic\":100,\"crisis\":true}],"
                + "\"written_at\":1796630403200,\"behind\":[],\"revision\":1796630403200}";
        PatientAlerts state = PatientAlertsCodec.read(json.getBytes(StandardCharsets.UTF_8));
        assertThat(state.crisis().alertId()).isEqualTo("a-1");
        assertThat(state.crisis().quietFrom()).isEqualTo(T0.plusSeconds(3));
        assertThat(state.window()).singleElement().extracting(AlertingReading::arrivedAt)
                .isEqualTo(T0.plusSeconds(3));
        assertThat(state.revision()).isEqualTo(1_796_630_403_200L);
        // and from then on in the compact form, the same state
        assertThat(PatientAlertsCodec.read(PatientAlertsCodec.bytes(state))).isEqualTo(state);
    }

    /**
     * An empty state as an earlier version wrote it: this version writes the version, four alerts (each "none": one
     * byte), the window's size (2 bytes), then the rest; version 1 had two alerts, 2 three, and 3 wrote after the
     * window the readings each of three kinds took (a size, 2 bytes, then the readings).
     */
    private static byte[] emptyStateOfVersion(int version, AlertingReading takenByTheCrisis) {
        PatientAlerts state = new PatientAlerts(null, null, null, null, List.of(), T0, Set.of(), 3);
        byte[] current = PatientAlertsCodec.bytes(state);
        java.io.ByteArrayOutputStream older = new java.io.ByteArrayOutputStream();
        older.write(version);
        older.write(current, 1, version + 1);
        older.write(current, 5, 2); // the window
        if (version == 3) {
            byte[] reading = PatientAlertsCodec.bytes(takenByTheCrisis);
            older.writeBytes(new byte[] {0, 1});
            older.write(reading, 1, reading.length - 1); // without its own version byte
            older.writeBytes(new byte[] {0, 0, 0, 0});
        }
        older.write(current, 7, current.length - 7);
        return older.toByteArray();
    }

    @Test
    void aTakenReadingComesBack() {
        AlertingReading partial = new AlertingReading("obs-5", T0, T0.plusSeconds(2), 212, null, true);
        assertThat(PatientAlertsCodec.reading(PatientAlertsCodec.bytes(partial))).isEqualTo(partial);
    }

    @Test
    void aVersionOneStateWithoutHypotensionIsStillRead() {
        assertThat(PatientAlertsCodec.read(emptyStateOfVersion(1, null)))
                .isEqualTo(new PatientAlerts(null, null, null, null, List.of(), T0, Set.of(), 3));
    }

    @Test
    void aVersionTwoStateWithoutRepeatedIsStillRead() {
        assertThat(PatientAlertsCodec.read(emptyStateOfVersion(2, null)))
                .isEqualTo(new PatientAlerts(null, null, null, null, List.of(), T0, Set.of(), 3));
    }

    @Test
    void aVersionThreeStatesTakenReadingsAreCarriedUntilTheEngineStoresThem() {
        AlertingReading taken = new AlertingReading("obs-2", T0, null, 182, 100, true);
        PatientAlerts state = PatientAlertsCodec.read(emptyStateOfVersion(3, taken));
        assertThat(state.carriedTaken()).isEqualTo(java.util.Map.of(AlertKind.CRISIS, List.of(taken)));
        assertThat(state.withoutCarriedTaken())
                .isEqualTo(new PatientAlerts(null, null, null, null, List.of(), T0, Set.of(), 3));
        assertThat(PatientAlertsCodec.read(PatientAlertsCodec.bytes(state)).carriedTaken())
                .as("version 4 keeps them no more").isEmpty();
    }

    @Test
    void aStateOfAnotherVersionOrCutShortIsAnError() {
        byte[] bytes = PatientAlertsCodec.bytes(PatientAlerts.NONE);
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> PatientAlertsCodec.read(cut)).hasMessageContaining("cut short");
        bytes[0] = 9;
        assertThatThrownBy(() -> PatientAlertsCodec.read(bytes)).hasMessageContaining("unknown version 9");
    }
}
