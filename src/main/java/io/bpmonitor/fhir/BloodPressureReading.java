package io.bpmonitor.fhir;

import java.time.Instant;
import java.util.Objects;

import org.hl7.fhir.r4.model.Observation.ObservationStatus;

/**
 * One blood-pressure measurement as the detector sees it, free of FHIR: the typed value that travels between the
 * Observation and the Elasticsearch document.
 *
 * @param observationId  the Observation's logical id, reused as the document id so a replay never duplicates
 * @param patientId      the id part of the subject reference {@code Patient/<id>}
 * @param deviceId       the id part of the device reference, or {@code null} when the sensor is not named
 * @param effectiveAt    when the reading was taken
 * @param systolic       systolic pressure in mmHg; meaningless when {@link Bound#ABSENT}
 * @param diastolic      diastolic pressure in mmHg; meaningless when {@link Bound#ABSENT}
 * @param systolicBound  what the systolic value says: exactly it, (its Quantity's comparator) at least or at most it,
 *                       or nothing: the component has no value (a partial reading, e.g. with a dataAbsentReason)
 * @param diastolicBound ... the same of the diastolic
 * @param version        what the Observation's status says of this version of it
 */
public record BloodPressureReading(
        String observationId, String patientId, String deviceId, Instant effectiveAt, int systolic, int diastolic,
        Bound systolicBound, Bound diastolicBound, Version version) {

    /** A value a rule looking for high pressure never finds high, and one looking for low never finds low. */
    private static final int NEVER_HIGH = 0;
    private static final int NEVER_LOW = 1_000;

    /** What a value says of the pressure: exactly it, at least ({@code >}, {@code >=}) or at most it, or nothing. */
    public enum Bound {
        EXACT, AT_LEAST, AT_MOST, ABSENT;

        /** A Quantity's {@code comparator}: absent is exact. */
        public static Bound of(String comparator) {
            if (comparator == null || comparator.isEmpty()) {
                return EXACT;
            }
            return comparator.startsWith(">") ? AT_LEAST : AT_MOST;
        }
    }

    /**
     * What a version of an Observation is, by its status: a result ({@code final}, {@code preliminary}), one that
     * replaces an earlier version of the same id ({@code amended}, {@code corrected}), or the withdrawal of the id
     * ({@code entered-in-error}).
     */
    public enum Version {
        RESULT, CORRECTION, WITHDRAWAL;

        public static Version of(ObservationStatus status) {
            return switch (status) {
                case AMENDED, CORRECTED -> CORRECTION;
                case ENTEREDINERROR -> WITHDRAWAL;
                default -> RESULT;
            };
        }
    }

    /** A result whose values are bounded as given. */
    public BloodPressureReading(String observationId, String patientId, String deviceId, Instant effectiveAt,
                                int systolic, int diastolic, Bound systolicBound, Bound diastolicBound) {
        this(observationId, patientId, deviceId, effectiveAt, systolic, diastolic, systolicBound, diastolicBound,
                Version.RESULT);
    }

    public BloodPressureReading {
        Objects.requireNonNull(observationId, "observationId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
        systolicBound = systolicBound == null ? Bound.EXACT : systolicBound;
        diastolicBound = diastolicBound == null ? Bound.EXACT : diastolicBound;
        version = version == null ? Version.RESULT : version;
    }

    /** A reading of exact values. */
    public BloodPressureReading(String observationId, String patientId, String deviceId, Instant effectiveAt,
                                int systolic, int diastolic) {
        this(observationId, patientId, deviceId, effectiveAt, systolic, diastolic, Bound.EXACT, Bound.EXACT);
    }

    /**
     * The reading as a rule looking for high pressure (anomaly, crisis) must test it: a value that is only "at most"
     * its number, or absent, says nothing of how high it is, so it crosses no such line; "at least" 300 does, and a
     * systolic of 212 with no diastolic does.
     */
    public BloodPressureReading forHighRules() {
        return withValuesBound(Bound.AT_MOST, NEVER_HIGH);
    }

    /** The reading as a rule looking for low pressure must test it: "at least" or absent crosses no such line. */
    public BloodPressureReading forLowRules() {
        return withValuesBound(Bound.AT_LEAST, NEVER_LOW);
    }

    /** This reading with each value that is absent or bound by {@code uninformative} replaced by {@code neutral}. */
    private BloodPressureReading withValuesBound(Bound uninformative, int neutral) {
        boolean systolicSaysNothing = systolicBound == uninformative || systolicBound == Bound.ABSENT;
        boolean diastolicSaysNothing = diastolicBound == uninformative || diastolicBound == Bound.ABSENT;
        if (!systolicSaysNothing && !diastolicSaysNothing) {
            return this;
        }
        return new BloodPressureReading(observationId, patientId, deviceId, effectiveAt,
                systolicSaysNothing ? neutral : systolic, diastolicSaysNothing ? neutral : diastolic, systolicBound,
                diastolicBound, version);
    }

    /** The systolic value, null when the reading has none. */
    public Integer systolicOrNull() {
        return systolicBound == Bound.ABSENT ? null : systolic;
    }

    /** The diastolic value, null when the reading has none. */
    public Integer diastolicOrNull() {
        return diastolicBound == Bound.ABSENT ? null : diastolic;
    }

    /** Getter for Camel's simple language, so YAML predicates can say {@code ${body.systolic}}. */
    public int getSystolic() {
        return systolic;
    }

    /** Getter for Camel's simple language, so YAML predicates can say {@code ${body.diastolic}}. */
    public int getDiastolic() {
        return diastolic;
    }
}
