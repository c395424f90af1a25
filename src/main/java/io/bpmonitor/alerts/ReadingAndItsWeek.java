package io.bpmonitor.alerts;

import io.bpmonitor.detector.ClassifiedReading;

/**
 * A reading with the 7 days it leaves its patient: what {@link PatientDaysProcessor} hands the episode processor, in
 * memory, for the rules of the reading and of the week.
 */
record ReadingAndItsWeek(ClassifiedReading reading, HomeMean week) {

    /** The reading as the alert rules see it. */
    static AlertingReading alerting(ClassifiedReading reading) {
        return new AlertingReading(reading.observationId(), reading.effectiveAt(), reading.arrivedAt(),
                reading.systolic(), reading.diastolic(), reading.crisis());
    }
}
