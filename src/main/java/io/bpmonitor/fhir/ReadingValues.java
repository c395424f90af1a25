package io.bpmonitor.fhir;

import static io.bpmonitor.fhir.BloodPressureCodes.DIASTOLIC;
import static io.bpmonitor.fhir.BloodPressureCodes.PANEL;
import static io.bpmonitor.fhir.BloodPressureCodes.SYSTOLIC;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.lang3.StringUtils;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;

/**
 * The few values of an Observation that {@link ReadingExtractor} looks at, as {@link StreamingObservationReader}
 * collects them, and the extractor's decision on them, with the extractor's reasons.
 */
abstract class ReadingValues {

    static final int PANEL_CODE = 1;
    static final int SYSTOLIC_CODE = 2;
    static final int DIASTOLIC_CODE = 4;

    /** One component as far as the extractor cares: its LOINC codes and, for a valueQuantity, the quantity. */
    static final class Component {
        int codes;
        boolean hasValue;
        boolean quantity;
        BigDecimal value;
        String unit;
        String system;
        String comparator;
    }

    String id;
    ObservationStatus status;
    int codes;
    String subject;
    String device;
    boolean effective;
    long effectiveMillis;
    final List<Component> components = new ArrayList<>(3);

    // ---- what ReadingExtractor would do with the Observation HAPI builds from these bytes ----

    BloodPressureReading decide() {
        if ((codes & PANEL_CODE) == 0) {
            throw new InvalidReadingException("not a blood-pressure panel: code is not LOINC " + PANEL);
        }
        if (status == null || !ReadingExtractor.USABLE_STATUSES.contains(status)) {
            throw new InvalidReadingException("status '" + (status != null ? status.toCode() : "missing")
                    + "' is not a usable measurement");
        }
        String observationId = ReadingExtractor.observationId(id);
        Component systolicComponent = component(SYSTOLIC_CODE, SYSTOLIC, "systolic");
        int systolic = pressure(systolicComponent, "systolic");
        if (systolic == Integer.MIN_VALUE) {
            return null;
        }
        Component diastolicComponent = component(DIASTOLIC_CODE, DIASTOLIC, "diastolic");
        int diastolic = pressure(diastolicComponent, "diastolic");
        if (diastolic == Integer.MIN_VALUE) {
            return null;
        }
        PlausibleRanges.check(systolic, diastolic);
        String patientId = ReadingExtractor.patientId(subject);
        String deviceId = ReadingExtractor.deviceId(device);
        if (!effective) {
            throw new InvalidReadingException("no effective time");
        }
        return new BloodPressureReading(observationId, patientId, deviceId, Instant.ofEpochMilli(effectiveMillis),
                systolic, diastolic, BloodPressureReading.Bound.of(systolicComponent.comparator),
                BloodPressureReading.Bound.of(diastolicComponent.comparator));
    }

    /** The first component coded with the LOINC code, as the extractor picks it. */
    private Component component(int flag, String loincCode, String name) {
        for (Component candidate : components) {
            if ((candidate.codes & flag) != 0) {
                return candidate;
            }
        }
        throw new InvalidReadingException("no " + name + " component (LOINC " + loincCode + ")");
    }

    /** mmHg, a refusal, or {@code Integer.MIN_VALUE} when HAPI's path must decide. */
    private int pressure(Component component, String name) {
        if (!component.hasValue) {
            throw new InvalidReadingException(name + " has no value");
        }
        if (!component.quantity || component.value == null) {
            // not a Quantity, or one without a number: "has no value" (an empty Quantity) or "not a numeric
            // Quantity" depends on HAPI's idea of empty, so HAPI's path says which
            return Integer.MIN_VALUE;
        }
        return ReadingExtractor.toMillimetresOfMercury(component.value, component.unit,
                component.system != null && !StringUtils.isBlank(component.system), component.system, name);
    }
}
