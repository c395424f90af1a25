package io.bpmonitor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.bpmonitor.fhir.BloodPressureReading;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HypertensionClassifierTest {

    private final HypertensionClassifier classifier = new HypertensionClassifier();

    private Classification classify(int systolic, int diastolic) {
        return classifier.classify(new BloodPressureReading("o", "p", null, Instant.EPOCH, systolic, diastolic));
    }

    @ParameterizedTest(name = "{0}/{1} → {2}")
    @CsvSource({
            // systolic boundaries with a normal diastolic
            "139, 80, HIGH_NORMAL, NONE",
            "140, 80, GRADE_1, ISOLATED_SYSTOLIC",
            "141, 80, GRADE_1, ISOLATED_SYSTOLIC",
            "159, 80, GRADE_1, ISOLATED_SYSTOLIC",
            "160, 80, GRADE_2, ISOLATED_SYSTOLIC",
            "179, 80, GRADE_2, ISOLATED_SYSTOLIC",
            "180, 80, GRADE_3, ISOLATED_SYSTOLIC",
            // diastolic boundaries with a normal systolic
            "120, 89, HIGH_NORMAL, NONE",
            "120, 90, GRADE_1, ISOLATED_DIASTOLIC",
            "120, 91, GRADE_1, ISOLATED_DIASTOLIC",
            "125, 99, GRADE_1, ISOLATED_DIASTOLIC",
            "125, 100, GRADE_2, ISOLATED_DIASTOLIC",
            "125, 109, GRADE_2, ISOLATED_DIASTOLIC",
            "125, 110, GRADE_3, ISOLATED_DIASTOLIC",
            // the higher of the two decides the grade
            "150, 105, GRADE_2, SYSTOLIC_DIASTOLIC",
            "185, 95, GRADE_3, SYSTOLIC_DIASTOLIC",
            "140, 90, GRADE_1, SYSTOLIC_DIASTOLIC",
            // below hypertension
            "119, 79, OPTIMAL, NONE",
            "120, 79, NORMAL, NONE",
            "129, 84, NORMAL, NONE",
            "130, 70, HIGH_NORMAL, NONE",
            "110, 85, HIGH_NORMAL, NONE",
    })
    void gradesAndTypesAtEveryBoundary(int systolic, int diastolic, Grade grade, HypertensionType type) {
        Classification classification = classify(systolic, diastolic);

        assertThat(classification.grade()).isEqualTo(grade);
        assertThat(classification.type()).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0}/{1} → severity {2}")
    @CsvSource({
            "140, 80, 1.0",
            "120, 90, 1.0",
            "160, 95, 2.0",
            "150, 100, 2.0",
            "180, 100, 3.0",
            "130, 110, 3.0",
            "141, 80, 1.05",
            "200, 120, 4.0",
    })
    void severityStartsEachGradeAtItsNumber(int systolic, int diastolic, double severity) {
        assertThat(classify(systolic, diastolic).severity()).isEqualTo(severity);
    }

    @ParameterizedTest
    @CsvSource({"140, 80, 1", "159, 99, 1", "160, 70, 2", "179, 109, 2", "180, 60, 3", "120, 110, 3", "210, 130, 3"})
    void severityNeverContradictsTheGrade(int systolic, int diastolic, int gradeNumber) {
        Classification classification = classify(systolic, diastolic);

        assertThat(classification.grade()).isEqualTo(Grade.valueOf("GRADE_" + gradeNumber));
        assertThat(classification.severity()).isGreaterThanOrEqualTo(gradeNumber);
        if (gradeNumber < 3) {
            assertThat(classification.severity()).isLessThan(gradeNumber + 1);
        }
    }

    @ParameterizedTest
    @CsvSource({"120, 80, 93.3", "150, 96, 114.0", "141, 91, 107.7"})
    void meanArterialPressureIsOneThirdSystolicTwoThirdsDiastolic(int systolic, int diastolic, double map) {
        assertThat(classify(systolic, diastolic).meanArterialPressure()).isEqualTo(map);
    }
}
