package io.bpmonitor.fhir;

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
            throw new InvalidReadingException(ReadingExtractor.NOT_A_PANEL);
        }
        if (status == null || !ReadingExtractor.USABLE_STATUSES.contains(status)) {
            throw new InvalidReadingException("status '" + (status != null ? status.toCode() : "missing")
                    + "' is not a usable measurement");
        }
        String observationId = ReadingExtractor.observationId(id);
        Component systolicComponent = component(SYSTOLIC_CODE);
        Integer systolic = pressure(systolicComponent, "systolic");
        if (systolic != null && systolic == Integer.MIN_VALUE) {
            return null;
        }
        Component diastolicComponent = component(DIASTOLIC_CODE);
        Integer diastolic = pressure(diastolicComponent, "diastolic");
        if (diastolic != null && diastolic == Integer.MIN_VALUE) {
            return null;
        }
        PlausibleRanges.check(systolic, diastolic);
        String patientId = ReadingExtractor.patientId(subject);
        String deviceId = ReadingExtractor.deviceId(device);
        if (!effective) {
            throw new InvalidReadingException("no effective time");
        }
        return new BloodPressureReading(observationId, patientId, deviceId, Instant.ofEpochMilli(effectiveMillis),
                systolic == null ? 0 : systolic, diastolic == null ? 0 : diastolic,
                bound(systolicComponent, systolic), bound(diastolicComponent, diastolic),
                BloodPressureReading.Version.of(status));
    }

    private static BloodPressureReading.Bound bound(Component component, Integer value) {
        return value == null ? BloodPressureReading.Bound.ABSENT : BloodPressureReading.Bound.of(component.comparator);
    }

    /** The first component coded with the LOINC code, as the extractor picks it, or null. */
    private Component component(int flag) {
        for (Component candidate : components) {
            if ((candidate.codes & flag) != 0) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * mmHg; null when there is no such value (no component, or one without a value); a refusal; or
     * {@code Integer.MIN_VALUE} when HAPI's path must decide.
     */
    private Integer pressure(Component component, String name) {
        if (component == null || !component.hasValue) {
            return null;
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
