package io.bpmonitor.rules;

/**
 * What a reading means clinically.
 *
 * @param type                 the kind of hypertension
 * @param grade                the ESC/ESH category
 * @param severity             the triage score, see {@link HypertensionClassifier#severity(int, int)}
 * @param meanArterialPressure (SBP + 2·DBP) / 3 in mmHg, one decimal; null when a value is absent
 */
public record Classification(HypertensionType type, Grade grade, double severity, Double meanArterialPressure) {
}
