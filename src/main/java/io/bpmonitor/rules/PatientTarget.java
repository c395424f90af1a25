package io.bpmonitor.rules;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.bpmonitor.kafka.PartitionedTopics;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A patient's own blood-pressure target, set by a clinician: the upper lines the home rule and {@code bp_patient_days}
 * read that patient's readings against in place of the home lines, and the lower ones drawn beside them. The value of
 * the compacted topic {@code BP_PATIENT_TARGETS_TOPIC}, keyed by patient (docs/alerts.md#each-patients-target).
 *
 * @param systolicLower  null: none set
 * @param diastolicLower null: none set
 * @param setBy          who set it: a signed-in user's name, or the FHIR Goal's author
 * @param source         {@code api}, or the Goal it was read from ({@code Goal/<id>})
 * @param ended          the Goal of {@code source} ended: the target goes if that Goal set it, else nothing changes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatientTarget(
        @JsonProperty("patient_id") String patientId,
        @JsonProperty("systolic_upper") int systolicUpper,
        @JsonProperty("diastolic_upper") int diastolicUpper,
        @JsonProperty("systolic_lower") Integer systolicLower,
        @JsonProperty("diastolic_lower") Integer diastolicLower,
        @JsonProperty("set_by") String setBy,
        @JsonProperty("set_at") Instant setAt,
        @JsonProperty("reason") String reason,
        @JsonProperty("source") String source,
        @JsonProperty("ended") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean ended) {

    public static final String FROM_THE_API = "api";

    /** The upper lines a target may set: a clinician's target, not a reading (ours; docs/alerts.md). */
    public static final int SYSTOLIC_UPPER_MIN = 100;
    public static final int SYSTOLIC_UPPER_MAX = 180;
    public static final int DIASTOLIC_UPPER_MIN = 60;
    public static final int DIASTOLIC_UPPER_MAX = 110;
    /** Lower lines may be set from these up to below the upper ones. */
    public static final int SYSTOLIC_LOWER_MIN = 70;
    public static final int DIASTOLIC_LOWER_MIN = 40;
    public static final int REASON_MAX_LENGTH = 500;
    /** The targets topic keeps each patient's latest target. */
    public static final Map<String, String> TOPIC_CONFIG = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT);

    private static final JsonMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** Makes the targets topic when missing: what writes a target calls it once, before its first target. */
    @FunctionalInterface
    public interface TopicMaker {
        void ensure() throws Exception;
    }

    /**
     * Makes the targets topic when missing, compacted and partitioned like the readings, which must be there first:
     * a target in another partition than its patient's readings would never reach their task.
     *
     * @throws IllegalStateException the readings topic is not there yet
     */
    public static void ensureTopic(PartitionedTopics topics, String targetsTopic, String readingsTopic)
            throws InterruptedException {
        topics.partitions(readingsTopic);
        topics.ensure(targetsTopic, readingsTopic, TOPIC_CONFIG);
    }

    /** The end of the target the Goal {@code source} set, for {@code patientId}. */
    public static PatientTarget endOf(String patientId, String source, Instant at) {
        return new PatientTarget(patientId, 0, 0, null, null, null, at, null, source, true);
    }

    /** Whether this ends {@code current}: the Goal that set it ended. */
    public boolean ends(PatientTarget current) {
        return ended && current != null && source != null && source.equals(current.source());
    }

    /** Everything wrong with the lines and the reason, each said once; empty when the target can be kept or ends one. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (ended) {
            return problems;
        }
        within(problems, "systolic_upper", systolicUpper, SYSTOLIC_UPPER_MIN, SYSTOLIC_UPPER_MAX);
        within(problems, "diastolic_upper", diastolicUpper, DIASTOLIC_UPPER_MIN, DIASTOLIC_UPPER_MAX);
        if (systolicLower != null) {
            within(problems, "systolic_lower", systolicLower, SYSTOLIC_LOWER_MIN, systolicUpper - 1);
        }
        if (diastolicLower != null) {
            within(problems, "diastolic_lower", diastolicLower, DIASTOLIC_LOWER_MIN, diastolicUpper - 1);
        }
        if (diastolicUpper >= systolicUpper) {
            problems.add("diastolic_upper must be below systolic_upper");
        }
        if (reason != null && reason.length() > REASON_MAX_LENGTH) {
            problems.add("reason longer than " + REASON_MAX_LENGTH + " characters");
        }
        return problems;
    }

    private static void within(List<String> problems, String field, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(field + " " + value + " mmHg outside " + min + "-" + max);
        }
    }

    public byte[] json() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("a target always serialises", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are no target */
    public static PatientTarget fromJson(byte[] json) {
        try {
            return JSON.readValue(json, PatientTarget.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a patient target (" + e.getClass().getSimpleName() + ")");
        }
    }
}
