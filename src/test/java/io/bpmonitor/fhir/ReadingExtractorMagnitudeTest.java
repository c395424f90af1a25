package io.bpmonitor.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;

import io.bpmonitor.simulation.ObservationFactory;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Values HAPI takes from a JSON string ({@code "value": "1e99999999"}) that are far outside any range: the extractor
 * decides them by magnitude, the same way it decides ordinary ones.
 */
class ReadingExtractorMagnitudeTest {

    /** Before, setScale wrote such a value out first: "1e99999999" held the consumer thread for minutes. */
    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails, not blocks, the run
    void theExtractorDecidesHugeAndTinyValuesWithoutWritingThemOut() {
        ReadingExtractor extractor = new ReadingExtractor();
        assertThatThrownBy(() -> extractor.extract(withSystolic("1e999999999")))
                .hasMessage("systolic value is out of any range");
        assertThatThrownBy(() -> extractor.extract(withSystolic("-1e99999999")))
                .hasMessage("systolic value is out of any range");
        assertThatThrownBy(() -> extractor.extract(withSystolic("1e-999999999")))
                .hasMessage("systolic 0 mmHg outside the plausible range 30-300");
        assertThatThrownBy(() -> extractor.extract(withSystolic("0E-999999999")))
                .hasMessage("systolic 0 mmHg outside the plausible range 30-300");
        assertThatThrownBy(() -> extractor.extract(withSystolic("2147483647.6")))
                .hasMessage("systolic value is out of any range");
        assertThatThrownBy(() -> extractor.extract(withSystolic("9999999999")))
                .hasMessage("systolic value is out of any range");
        assertThatThrownBy(() -> extractor.extract(withSystolic("0.0999")))
                .hasMessage("systolic 0 mmHg outside the plausible range 30-300");
        assertThatThrownBy(() -> extractor.extract(withSystolic("50.4999999")))
                .hasMessage("systolic 50 mmHg is not above diastolic 97 mmHg");
        assertThat(extractor.extract(withSystolic("149.5")).systolic()).isEqualTo(150);
        assertThat(extractor.extract(withSystolic("1.495E+2")).systolic()).isEqualTo(150);
    }

    private static Observation withSystolic(String value) {
        Observation observation = ObservationFactory.bloodPressure(
                "obs-1", "p-1", null, OffsetDateTime.parse("2026-11-29T10:15:30+01:00"), 152, 97);
        ((Quantity) observation.getComponent().get(0).getValue()).getValueElement().setValueAsString(value);
        return observation;
    }
}
