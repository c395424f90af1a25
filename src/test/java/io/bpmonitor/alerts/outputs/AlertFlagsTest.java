package io.bpmonitor.alerts.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.bpmonitor.alerts.Alert;
import io.bpmonitor.alerts.AlertKind;
import io.bpmonitor.alerts.AlertStatus;
import io.bpmonitor.alerts.Review;
import io.bpmonitor.alerts.ReviewOutcome;
import io.bpmonitor.alerts.ReviewStatus;
import org.hl7.fhir.r4.model.Flag;
import org.junit.jupiter.api.Test;

/** Each kind of alert as the FHIR Flag a clinician's system shows: its SNOMED CT concept and its text. */
class AlertFlagsTest {

    private static Alert alert(AlertKind kind, Integer systolic, Integer diastolic, int readings) {
        return new Alert("a-1", "p-1", kind, AlertStatus.OPEN, Instant.parse("2026-12-07T08:00:00Z"),
                Instant.parse("2026-12-07T08:05:00Z"), null, null, null, readings, systolic, diastolic,
                List.of("o-1"), Review.UNREVIEWED);
    }

    @Test
    void theUrgentKindsAskForARepeatMeasurementAndASymptomCheck() {
        Flag crisis = AlertFlags.toFlag(alert(AlertKind.CRISIS, 212, 118, 1));
        Flag low = AlertFlags.toFlag(alert(AlertKind.HYPOTENSION, 72, 44, 2));
        Flag sustained = AlertFlags.toFlag(alert(AlertKind.SUSTAINED, 158, 97, 3));

        assertThat(crisis.getCode().getCodingFirstRep().getCode()).isEqualTo("706882009");
        assertThat(crisis.getCode().getText()).isEqualTo(
                "Hypertensive crisis: worst 212/118 mmHg over 1 reading; repeat the measurement and check for symptoms");
        assertThat(low.getCode().getCodingFirstRep().getCode()).isEqualTo("45007003");
        assertThat(low.getCode().getText()).isEqualTo(
                "Low blood pressure: worst 72/44 mmHg over 2 readings; repeat the measurement and check for symptoms");
        assertThat(sustained.getCode().getText())
                .isEqualTo("Sustained hypertension at home: 7-day mean up to 158/97 mmHg over 3 readings");
        assertThat(AlertFlags.toFlag(alert(AlertKind.REPEATED, 152, 95, 3)).getCode().getText())
                .isEqualTo("Repeated high readings: worst 152/95 mmHg over 3 readings");
        assertThat(low.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
    }

    @Test
    void aPartialReadingShowsADashForTheValueItHasNot() {
        Flag crisis = AlertFlags.toFlag(alert(AlertKind.CRISIS, 212, null, 1));

        assertThat(crisis.getCode().getText()).startsWith("Hypertensive crisis: worst 212/— mmHg over 1 reading");
    }

    private static Alert resolved(AlertKind kind, Review review) {
        return new Alert("a-1", "p-1", kind, AlertStatus.RESOLVED, Instant.parse("2026-12-07T08:00:00Z"),
                Instant.parse("2026-12-07T08:05:00Z"), Instant.parse("2026-12-07T09:05:00Z"), null,
                "no anomalous reading for 60 minutes", 1, 212, 118, List.of("o-1"), review);
    }

    @Test
    void anUrgentFlagStaysActiveAfterItsEpisodeEndedUntilAClinicianClosesIt() {
        Flag ended = AlertFlags.toFlag(resolved(AlertKind.CRISIS, Review.UNREVIEWED));
        Review closedReview = new Review(ReviewStatus.CLOSED, Instant.parse("2026-12-07T08:00:01Z"), "dr-lee",
                "close", "dr-lee", Instant.parse("2026-12-07T10:30:00Z"), "called, at the ED", ReviewOutcome.SENT_TO_EMERGENCY,
                0, 2, List.of("action-1", "action-2"));
        Flag closed = AlertFlags.toFlag(resolved(AlertKind.CRISIS, closedReview));
        Flag sustained = AlertFlags.toFlag(resolved(AlertKind.SUSTAINED, Review.UNREVIEWED));

        assertThat(ended.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
        assertThat(ended.getPeriod().hasEnd()).isFalse();
        assertThat(closed.getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
        assertThat(closed.getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-12-07T10:30:00Z");
        assertThat(closed.getCode().getText()).endsWith("; closed by dr-lee: Sent to emergency")
                .doesNotContain("called");
        assertThat(sustained.getStatus()).as("not urgent: over when its episode is").isEqualTo(Flag.FlagStatus.INACTIVE);
        assertThat(sustained.getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-12-07T09:05:00Z");
    }
}
