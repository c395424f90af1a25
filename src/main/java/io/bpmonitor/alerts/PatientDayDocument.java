package io.bpmonitor.alerts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.bpmonitor.rules.PatientTarget;

/**
 * One document of {@code bp_patient_days}: a patient's day in figures, and the 7 days up to it, read against the home
 * lines (docs/alerts.md#per-patient-per-day). A mean over no value is left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatientDayDocument(
        @JsonProperty("day_id") String dayId,
        @JsonProperty("patient_id") String patientId,
        @JsonProperty("day") LocalDate day,
        @JsonProperty("zone") String zone,
        @JsonProperty("readings") int readings,
        @JsonProperty("systolic_mean") Double systolicMean,
        @JsonProperty("diastolic_mean") Double diastolicMean,
        @JsonProperty("systolic_min") Integer systolicMin,
        @JsonProperty("systolic_max") Integer systolicMax,
        @JsonProperty("diastolic_min") Integer diastolicMin,
        @JsonProperty("diastolic_max") Integer diastolicMax,
        @JsonProperty("morning_readings") int morningReadings,
        @JsonProperty("morning_systolic_mean") Double morningSystolicMean,
        @JsonProperty("morning_diastolic_mean") Double morningDiastolicMean,
        @JsonProperty("evening_readings") int eveningReadings,
        @JsonProperty("evening_systolic_mean") Double eveningSystolicMean,
        @JsonProperty("evening_diastolic_mean") Double eveningDiastolicMean,
        @JsonProperty("above_target") int aboveTarget,
        @JsonProperty("target_systolic") int targetSystolic,
        @JsonProperty("target_diastolic") int targetDiastolic,
        @JsonProperty("target_set_by") String targetSetBy,
        @JsonProperty("target_set_at") Instant targetSetAt,
        @JsonProperty("target_source") String targetSource,
        @JsonProperty("seven_day_readings") int sevenDayReadings,
        @JsonProperty("seven_day_days") int sevenDayDays,
        @JsonProperty("seven_day_systolic_mean") Double sevenDaySystolicMean,
        @JsonProperty("seven_day_diastolic_mean") Double sevenDayDiastolicMean,
        @JsonProperty("updated_at") Instant updatedAt) {

    /** The document's id: one per patient and day. */
    static String idOf(String patientId, LocalDate day) {
        return patientId + "/" + day;
    }

    /**
     * @param lastSevenDays the patient's days from 6 days before {@code day} to it, {@code day} included
     * @param rules         the lines the day is read against: the patient's own target's, or the home lines
     * @param target        the patient's own target, who set it and from where; null for the home lines
     */
    static PatientDayDocument of(DaySums day, List<DaySums> lastSevenDays, HomeRules rules, PatientTarget target,
                                 Instant now) {
        HomeMean week = HomeMean.of(null, lastSevenDays, rules);
        return new PatientDayDocument(idOf(day.patientId(), day.day()), day.patientId(), day.day(),
                rules.zone().getId(), day.readings(), day.systolic().mean(), day.diastolic().mean(),
                day.systolic().lowest(), day.systolic().highest(), day.diastolic().lowest(), day.diastolic().highest(),
                day.morningReadings(), day.morningSystolic().mean(), day.morningDiastolic().mean(),
                day.eveningReadings(), day.eveningSystolic().mean(), day.eveningDiastolic().mean(),
                day.aboveTarget(), rules.systolicLine(), rules.diastolicLine(),
                target == null ? null : target.setBy(), target == null ? null : target.setAt(),
                target == null ? null : target.source(), week.readings(), week.days(), week.systolicMean(), week.diastolicMean(), now);
    }
}
