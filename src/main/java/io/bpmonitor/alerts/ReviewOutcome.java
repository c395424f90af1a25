package io.bpmonitor.alerts;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a clinician did about an alert, said when closing it: the codes of {@code bp_alerts} and the labels shown. */
public enum ReviewOutcome {
    PATIENT_CONTACTED("patient-contacted", "Patient contacted"),
    ADVISED_TO_SEEK_CARE("advised-to-seek-care", "Advised to seek care"),
    SENT_TO_EMERGENCY("sent-to-emergency", "Sent to emergency"),
    READING_ERRONEOUS("reading-erroneous", "Reading judged erroneous"),
    NO_ACTION_NEEDED("no-action-needed", "No action needed");

    private final String code;
    private final String label;

    ReviewOutcome(String code, String label) {
        this.code = code;
        this.label = label;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Optional<ReviewOutcome> ofCode(String code) {
        return Arrays.stream(values()).filter(outcome -> outcome.code.equals(code)).findFirst();
    }
}
