package io.bpmonitor.feed;

import static io.bpmonitor.fhir.BloodPressureCodes.DIASTOLIC;
import static io.bpmonitor.fhir.BloodPressureCodes.LOINC;
import static io.bpmonitor.fhir.BloodPressureCodes.PATIENT_REFERENCE_PREFIX;
import static io.bpmonitor.fhir.BloodPressureCodes.SYSTOLIC;

import java.math.BigDecimal;
import java.time.Instant;
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
 * topic (docs/alerts.md#each-patients-target): an active or accepted Goal sets the patient's target; one completed,
 * cancelled, rejected or entered in error ends it, if that Goal set it; a proposed, planned or on-hold one changes
 * nothing. A reading at or above a target's upper line is above target: a {@code detailRange.high} or a quantity that
 * is at most ({@code <=}, or no comparator) is within, so the line is the value and one; a {@code <} quantity is the
 * line itself. A pressure the Goal does not name keeps the home line. The latest Goal of a patient wins.
 */
public final class FeedGoals implements FeedResource<Goal> {

    private static final Logger LOG = LoggerFactory.getLogger(FeedGoals.class);
    private static final String MMHG = "mm[Hg]";
    private static final Set<GoalLifecycleStatus> IN_FORCE = Set.of(GoalLifecycleStatus.ACTIVE,
            GoalLifecycleStatus.ACCEPTED);
    private static final Set<GoalLifecycleStatus> ENDED = Set.of(GoalLifecycleStatus.COMPLETED,
            GoalLifecycleStatus.CANCELLED, GoalLifecycleStatus.REJECTED, GoalLifecycleStatus.ENTEREDINERROR);
    /** Beyond any target: a value past it is no target, whatever the Goal says. */
    private static final BigDecimal MAX_MMHG = BigDecimal.valueOf(400);

    private final String targetsTopic;
    private final int homeSystolic;
    private final int homeDiastolic;
    private final PatientTarget.TopicMaker topic;
    private volatile boolean topicMade;

    public FeedGoals(String targetsTopic, int homeSystolic, int homeDiastolic, PatientTarget.TopicMaker topic) {
        this.targetsTopic = targetsTopic;
        this.homeSystolic = homeSystolic;
        this.homeDiastolic = homeDiastolic;
        this.topic = topic;
    }

    @Override
    public Class<Goal> type() {
        return Goal.class;
    }

    @Override
    public void prepare() throws Exception {
        if (!topicMade) {
            topic.ensure();
            topicMade = true;
        }
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
        GoalLifecycleStatus status = goal.getLifecycleStatus();
        if (reference == null || !reference.startsWith(PATIENT_REFERENCE_PREFIX) || status == null
                || !onBloodPressure(goal)) {
            return null;
        }
        String patientId = reference.substring(PATIENT_REFERENCE_PREFIX.length());
        String source = "Goal/" + goal.getIdElement().getIdPart();
        PatientTarget target;
        if (ENDED.contains(status)) {
            target = PatientTarget.endOf(patientId, source, updatedAt(goal));
        } else if (IN_FORCE.contains(status)) {
            target = target(patientId, source, goal);
            if (target == null || !target.problems().isEmpty()) {
                LOG.warn("{} passed over: its blood-pressure target is not one bp-monitor can keep ({})", source,
                        target == null ? "a value not in mm[Hg] or out of any range" : target.problems());
                return null;
            }
        } else {
            return null;
        }
        Message message = new DefaultMessage(context);
        message.setHeader(KafkaConstants.OVERRIDE_TOPIC, targetsTopic);
        message.setHeader(KafkaConstants.KEY, patientId);
        message.setBody(target.json());
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

    /** The target the Goal sets, or null when one of its values is not in mmHg or not a pressure at all. */
    private PatientTarget target(String patientId, String source, Goal goal) {
        Integer[] systolic = {homeSystolic, null};
        Integer[] diastolic = {homeDiastolic, null};
        for (Goal.GoalTargetComponent target : goal.getTarget()) {
            String measure = measure(target);
            if (measure == null) {
                continue;
            }
            Integer[] lines = SYSTOLIC.equals(measure) ? systolic : diastolic;
            if (target.hasDetailRange()) {
                Integer high = mmHg(target.getDetailRange().getHigh(), 1);
                Integer low = mmHg(target.getDetailRange().getLow(), 0);
                if (high == null && target.getDetailRange().getHigh().hasValue()
                        || low == null && target.getDetailRange().getLow().hasValue()) {
                    return null;
                }
                lines[0] = high != null ? high : lines[0];
                lines[1] = low;
            } else if (target.hasDetailQuantity()) {
                Quantity quantity = target.getDetailQuantity();
                Quantity.QuantityComparator comparator = quantity.getComparator();
                boolean below = comparator == Quantity.QuantityComparator.LESS_THAN;
                boolean atMost = below || comparator == null || comparator == Quantity.QuantityComparator.NULL
                        || comparator == Quantity.QuantityComparator.LESS_OR_EQUAL;
                Integer value = mmHg(quantity, atMost && !below || comparator == Quantity.QuantityComparator.GREATER_THAN
                        ? 1 : 0);
                if (value == null) {
                    return null;
                }
                lines[atMost ? 0 : 1] = value;
            }
        }
        String setBy = goal.getExpressedBy().hasDisplay() ? goal.getExpressedBy().getDisplay() : source;
        String reason = goal.getDescription().hasText() ? goal.getDescription().getText() : null;
        if (reason != null && reason.length() > PatientTarget.REASON_MAX_LENGTH) {
            reason = reason.substring(0, PatientTarget.REASON_MAX_LENGTH - 1) + "…";
        }
        return new PatientTarget(patientId, systolic[0], diastolic[0], systolic[1], diastolic[1], setBy,
                goal.hasStatusDate() ? goal.getStatusDate().toInstant() : updatedAt(goal), reason, source, false);
    }

    /** A quantity in mm[Hg] as whole mmHg, plus {@code step}; null without a value, in another unit or out of range. */
    private static Integer mmHg(Quantity quantity, int step) {
        if (!quantity.hasValue()) {
            return null;
        }
        boolean inMmHg = MMHG.equals(quantity.getCode()) || !quantity.hasCode() && "mmHg".equals(quantity.getUnit());
        BigDecimal value = quantity.getValue();
        if (!inMmHg || value.signum() < 0 || value.compareTo(MAX_MMHG) > 0) {
            return null;
        }
        return value.setScale(0, java.math.RoundingMode.HALF_UP).intValue() + step;
    }

    private static Instant updatedAt(Goal goal) {
        return goal.getMeta().hasLastUpdated() ? goal.getMeta().getLastUpdated().toInstant() : null;
    }
}
