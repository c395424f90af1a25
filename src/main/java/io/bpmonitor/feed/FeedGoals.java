package io.bpmonitor.feed;

import static io.bpmonitor.fhir.BloodPressureCodes.DIASTOLIC;
import static io.bpmonitor.fhir.BloodPressureCodes.LOINC;
import static io.bpmonitor.fhir.BloodPressureCodes.PATIENT_REFERENCE_PREFIX;
import static io.bpmonitor.fhir.BloodPressureCodes.SYSTOLIC;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.bpmonitor.rules.PatientTarget;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Goal.GoalLifecycleStatus;
import org.hl7.fhir.r4.model.Quantity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Goals on blood pressure (a {@code target.measure} of LOINC 8480-6 or 8462-4) become patients' targets on the targets
 * topic (docs/alerts.md#each-patients-target): an active or accepted Goal sets the patient's target, one completed,
 * cancelled, rejected or entered in error removes it, and a proposed, planned or on-hold one changes nothing. A
 * target's upper line is its range's high or a quantity that is at most ({@code <}, {@code <=}, or no comparator); its
 * lower line the range's low; a pressure the Goal does not name keeps the home line. The latest Goal of a patient wins.
 */
public final class FeedGoals implements FeedResource<Goal> {

    private static final Logger LOG = LoggerFactory.getLogger(FeedGoals.class);
    private static final String MMHG = "mm[Hg]";
    private static final Set<GoalLifecycleStatus> IN_FORCE = Set.of(GoalLifecycleStatus.ACTIVE,
            GoalLifecycleStatus.ACCEPTED);
    private static final Set<GoalLifecycleStatus> ENDED = Set.of(GoalLifecycleStatus.COMPLETED,
            GoalLifecycleStatus.CANCELLED, GoalLifecycleStatus.REJECTED, GoalLifecycleStatus.ENTEREDINERROR);

    private final String targetsTopic;
    private final int homeSystolic;
    private final int homeDiastolic;

    public FeedGoals(String targetsTopic, int homeSystolic, int homeDiastolic) {
        this.targetsTopic = targetsTopic;
        this.homeSystolic = homeSystolic;
        this.homeDiastolic = homeDiastolic;
    }

    @Override
    public Class<Goal> type() {
        return Goal.class;
    }

    /** Every Goal: R4 has no search parameter on a target's measure, so the feed reads them and keeps its own. */
    @Override
    public String criteria() {
        return "";
    }

    @Override
    public String cursorKey(FeedServer server) {
        return server.key() + " Goal";
    }

    @Override
    public Message message(Goal goal, CamelContext context) {
        String reference = goal.getSubject().getReference();
        if (reference == null || !reference.startsWith(PATIENT_REFERENCE_PREFIX) || !onBloodPressure(goal)) {
            return null;
        }
        String patientId = reference.substring(PATIENT_REFERENCE_PREFIX.length());
        byte[] value;
        if (ENDED.contains(goal.getLifecycleStatus())) {
            value = new byte[0];
        } else if (IN_FORCE.contains(goal.getLifecycleStatus())) {
            PatientTarget target = target(patientId, goal);
            if (target == null || !target.problems().isEmpty()) {
                LOG.warn("Goal/{} passed over: its blood-pressure target is not one bp-monitor can keep ({})",
                        goal.getIdElement().getIdPart(), target == null ? "not in mm[Hg]" : target.problems());
                return null;
            }
            value = target.json();
        } else {
            return null;
        }
        Message message = new DefaultMessage(context);
        message.setHeader(KafkaConstants.OVERRIDE_TOPIC, targetsTopic);
        message.setHeader(KafkaConstants.KEY, patientId);
        message.setBody(value);
        return message;
    }

    private static boolean onBloodPressure(Goal goal) {
        return goal.getTarget().stream().anyMatch(target -> measure(target) != null);
    }

    /** The pressure a target is on, 8480-6 or 8462-4, or null. */
    private static String measure(Goal.GoalTargetComponent target) {
        return target.getMeasure().getCoding().stream()
                .filter(coding -> LOINC.equals(coding.getSystem())
                        && (SYSTOLIC.equals(coding.getCode()) || DIASTOLIC.equals(coding.getCode())))
                .map(coding -> coding.getCode()).findFirst().orElse(null);
    }

    /** The target the Goal sets, or null when one of its values is not in mmHg. */
    private PatientTarget target(String patientId, Goal goal) {
        Integer[] systolic = {homeSystolic, null};
        Integer[] diastolic = {homeDiastolic, null};
        for (Goal.GoalTargetComponent target : goal.getTarget()) {
            String measure = measure(target);
            if (measure == null) {
                continue;
            }
            Integer[] lines = SYSTOLIC.equals(measure) ? systolic : diastolic;
            if (target.hasDetailRange()) {
                Quantity high = target.getDetailRange().getHigh();
                Quantity low = target.getDetailRange().getLow();
                if (!inMmHg(List.of(high, low))) {
                    return null;
                }
                lines[0] = high.hasValue() ? whole(high.getValue()) : lines[0];
                lines[1] = low.hasValue() ? whole(low.getValue()) : null;
            } else if (target.hasDetailQuantity()) {
                Quantity quantity = target.getDetailQuantity();
                if (!inMmHg(List.of(quantity))) {
                    return null;
                }
                boolean atMost = !quantity.hasComparator()
                        || quantity.getComparator() == Quantity.QuantityComparator.LESS_THAN
                        || quantity.getComparator() == Quantity.QuantityComparator.LESS_OR_EQUAL;
                if (atMost) {
                    lines[0] = whole(quantity.getValue());
                } else {
                    lines[1] = whole(quantity.getValue());
                }
            }
        }
        Instant setAt = goal.hasStatusDate() ? goal.getStatusDate().toInstant()
                : goal.getMeta().hasLastUpdated() ? goal.getMeta().getLastUpdated().toInstant() : null;
        String setBy = goal.getExpressedBy().hasDisplay() ? goal.getExpressedBy().getDisplay()
                : "Goal/" + goal.getIdElement().getIdPart();
        String reason = goal.getDescription().hasText() ? goal.getDescription().getText() : null;
        return new PatientTarget(patientId, systolic[0], diastolic[0], systolic[1], diastolic[1], setBy, setAt,
                reason, "fhir-goal");
    }

    private static boolean inMmHg(List<Quantity> quantities) {
        return quantities.stream().allMatch(quantity -> !quantity.hasValue() || MMHG.equals(quantity.getCode())
                || "mmHg".equals(quantity.getUnit()) && !quantity.hasCode());
    }

    private static int whole(BigDecimal value) {
        return value.setScale(0, java.math.RoundingMode.HALF_UP).intValueExact();
    }
}
