package io.bpmonitor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class PatientTargetTest {

    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    private static PatientTarget target(int systolicUpper, int diastolicUpper, Integer systolicLower,
                                        Integer diastolicLower) {
        return new PatientTarget("p-1", systolicUpper, diastolicUpper, systolicLower, diastolicLower, "dr.martin", AT,
                "elderly, frail", PatientTarget.FROM_THE_API, false);
    }

    @Test
    void aTargetWithinItsBoundsIsKeptAndComesBackFromItsJson() {
        PatientTarget target = target(125, 75, 100, 60);
        assertThat(target.problems()).isEmpty();
        assertThat(PatientTarget.fromJson(target.json())).isEqualTo(target);
        assertThat(target(PatientTarget.SYSTOLIC_UPPER_MIN, PatientTarget.DIASTOLIC_UPPER_MIN, null, null).problems())
                .isEmpty();
        assertThat(target(PatientTarget.SYSTOLIC_UPPER_MAX, PatientTarget.DIASTOLIC_UPPER_MAX, null, null).problems())
                .isEmpty();
    }

    @Test
    void everyProblemIsSaidOnce() {
        assertThat(target(PatientTarget.SYSTOLIC_UPPER_MAX + 1, PatientTarget.DIASTOLIC_UPPER_MIN - 1, 125, 59)
                .problems()).containsExactly("systolic_upper 181 mmHg outside 100-180",
                "diastolic_upper 59 mmHg outside 60-110", "diastolic_lower 59 mmHg outside 40-58");
        assertThat(target(130, 80, 130, null).problems()).containsExactly("systolic_lower 130 mmHg outside 70-129");
        assertThat(target(110, 110, null, null).problems()).containsExactly("diastolic_upper must be below systolic_upper");
    }

    @Test
    void bytesThatAreNoTargetSayNothingOfTheirContent() {
        assertThatThrownBy(() -> PatientTarget.fromJson("{\"patient_id\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a patient target");
    }
}
