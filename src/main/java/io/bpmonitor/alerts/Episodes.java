package io.bpmonitor.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;

/**
 * The alert rules as a function: a patient's state and one reading it acts on (or the wall clock reached) give
 * the next state and the alerts that opened or resolved; the readings each alert took ({@link TakenReadings}) are
 * brought up to date on the way. Episodes are measured on effective times, so the same
 * readings in the same order give the same alerts, live or replayed; only the end of an episode no later reading
 * ended is the wall clock's ({@link Alert#closesAt}). The rules: docs/alerts.md#the-lifecycle-of-an-alert.
 */
public final class Episodes {

    /** The next state, and the alerts that opened or resolved on the way (each once, in order). */
    public record Step(PatientAlerts state, List<Alert> events) {
    }

    private final AlertRules rules;

    public Episodes(AlertRules rules) {
        this.rules = rules;
    }

    public AlertRules rules() {
        return rules;
    }

    /**
     * The rules of one reading: crisis, low pressure, repeated (when on).
     *
     * @param kinds the kinds of alert the reading concerns ({@link AlertKind#concerning})
     * @param taken the patient's taken readings, brought up to date with the step
     */
    public Step fold(String patientId, PatientAlerts state, AlertingReading reading, Set<AlertKind> kinds,
                     TakenReadings taken) {
        List<Alert> events = new ArrayList<>(1);
        PatientAlerts next = state;
        for (AlertKind kind : AlertKind.values()) {
            if (kinds.contains(kind) && (kind != AlertKind.REPEATED || rules.repeatedReadings() > 0)) {
                next = foldKind(patientId, next, kind, reading, events, taken);
            }
        }
        return new Step(next, events);
    }

    /**
     * The home rule on the 7 days a reading leaves: a sustained alert opens when their mean is at or above the lines
     * with enough readings on enough days, grows while it stays there, and resolves at a reading that leaves it below
     * them or too thin to judge. A reading taken before the alert's latest never ends it.
     */
    public Step foldHome(String patientId, PatientAlerts state, HomeMean week) {
        Alert latest = state.sustained();
        boolean judged = rules.enoughForTheHomeRule(week);
        boolean above = judged && week.aboveTheLines();
        if (latest != null && latest.isOpen()) {
            if (above) {
                return new Step(state.with(AlertKind.SUSTAINED, latest.withWeek(week)), List.of());
            }
            if (week.effectiveAt().isBefore(latest.lastReadingAt())) {
                return new Step(state, List.of());
            }
            Alert resolved = latest.resolvedAt(week.effectiveAt(), judged ? AlertRules.homeResolution(week)
                    : "too few readings in the last 7 days to judge their mean");
            return new Step(state.with(AlertKind.SUSTAINED, resolved), List.of(resolved));
        }
        if (!above || latest != null && !week.effectiveAt().isAfter(latest.lastReadingAt())) {
            return new Step(state, List.of());
        }
        Alert opened = Alert.openOnWeek(patientId, week);
        return new Step(state.with(AlertKind.SUSTAINED, opened), List.of(opened));
    }

    /**
     * A reading withdrawn ({@code entered-in-error}) or corrected ({@code amended}, {@code corrected}): taken out of
     * the latest alert of each reading rule that took it, or, corrected and still of that kind, put back with its new
     * values. An alert left without a reading that makes it (no reading, no crisis reading, too few for the repeated
     * rule) is withdrawn; one left with some is recomputed on them. A corrected reading no alert took is folded as
     * any reading ({@link #fold}).
     *
     * @param corrected the new version, or null for a withdrawal
     * @param kinds     the kinds the new version concerns ({@link AlertKind#concerning}); empty for a withdrawal
     * @param taken     the patient's taken readings, brought up to date with the step
     */
    public Step replace(PatientAlerts state, String observationId, AlertingReading corrected, Set<AlertKind> kinds,
                        TakenReadings taken) {
        List<Alert> events = new ArrayList<>(0);
        PatientAlerts next = state;
        for (AlertKind kind : AlertKind.OF_READINGS) {
            Alert alert = next.latest(kind);
            if (alert == null || alert.status() == AlertStatus.WITHDRAWN || taken.find(kind, observationId) == null) {
                continue;
            }
            List<AlertingReading> all = taken.all(kind);
            List<AlertingReading> remaining = new ArrayList<>(all.size());
            for (AlertingReading reading : all) {
                if (!reading.observationId().equals(observationId)) {
                    remaining.add(reading);
                } else if (corrected != null && kinds.contains(kind)) {
                    remaining.add(corrected);
                }
            }
            if (!stillMakes(kind, remaining)) {
                Alert withdrawn = alert.withdrawn();
                events.add(withdrawn);
                next = next.with(kind, withdrawn);
            } else {
                next = next.with(kind, alert.recomputedOn(remaining));
            }
            taken.replaceAll(kind, remaining);
        }
        return new Step(next, events);
    }

    /** Whether these readings still make an alert of {@code kind}. */
    private boolean stillMakes(AlertKind kind, List<AlertingReading> readings) {
        return switch (kind) {
            case CRISIS -> readings.stream().anyMatch(AlertingReading::crisis);
            case REPEATED -> readings.size() >= Math.max(1, rules.repeatedReadings());
            default -> !readings.isEmpty();
        };
    }

    /**
     * Whether the latest alert of one of the reading rules took an earlier version of the Observation with other values:
     * the same version again (a replay) is no correction. A reading taken after an alert's last reading is no version of
     * one it took, so the readings it took are not read.
     */
    static boolean tookAnotherVersion(PatientAlerts state, TakenReadings taken, AlertingReading version) {
        for (AlertKind kind : AlertKind.OF_READINGS) {
            Alert latest = state.latest(kind);
            boolean mayHaveTakenIt = latest != null && !version.effectiveAt().isAfter(latest.lastReadingAt());
            AlertingReading earlier = mayHaveTakenIt ? taken.find(kind, version.observationId()) : null;
            if (earlier != null && !sameValues(earlier, version)) {
                return true;
            }
        }
        return false;
    }

    /** The kinds whose latest alert took the Observation. */
    static Set<AlertKind> kindsThatTook(TakenReadings taken, String observationId) {
        Set<AlertKind> kinds = EnumSet.noneOf(AlertKind.class);
        for (AlertKind kind : AlertKind.OF_READINGS) {
            if (taken.find(kind, observationId) != null) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    private static boolean sameValues(AlertingReading one, AlertingReading other) {
        return Objects.equals(one.systolic(), other.systolic()) && Objects.equals(one.diastolic(), other.diastolic())
                && one.crisis() == other.crisis() && one.effectiveAt().equals(other.effectiveAt());
    }

    /**
     * Resolves the open alerts whose quiet period ({@link Alert#closesAt}) ended before {@code now} (wall clock); for
     * a sustained alert that is 7 days without a reading.
     */
    public Step sweep(PatientAlerts state, Instant now) {
        List<Alert> events = new ArrayList<>(0);
        PatientAlerts next = state;
        for (AlertKind kind : AlertKind.values()) {
            Alert latest = next.latest(kind);
            if (latest != null && latest.isOpen() && now.isAfter(latest.closesAt(rules))) {
                Alert resolved = latest.resolvedByTime(rules);
                events.add(resolved);
                next = next.with(kind, resolved);
            }
        }
        return new Step(next, events);
    }

    /**
     * Takes over an alert a previous release left open: it becomes the patient's latest of its kind unless the state
     * knows it or a later episode already, so the patient's next reading continues or resolves it and the clock can
     * close it.
     */
    public PatientAlerts adopt(PatientAlerts state, Alert carriedOver) {
        Alert latest = state.latest(carriedOver.kind());
        if (!carriedOver.isOpen() || latest != null && (latest.alertId().equals(carriedOver.alertId())
                || !latest.lastReadingAt().isBefore(carriedOver.openedAt()))) {
            return state;
        }
        return state.with(carriedOver.kind(), carriedOver);
    }

    private PatientAlerts foldKind(String patientId, PatientAlerts state, AlertKind kind, AlertingReading reading,
                                   List<Alert> events, TakenReadings taken) {
        Alert latest = state.latest(kind);
        if (latest != null && latest.isOpen()) {
            if (!reading.effectiveAt().isAfter(latest.quietUntil(rules))) {
                taken.add(kind, reading);
                return state.with(kind, latest.extendedBy(reading));
            }
            latest = latest.resolvedByALaterReading(rules);
            events.add(latest);
            state = state.with(kind, latest);
        }
        if (latest != null && !reading.effectiveAt().isAfter(latest.lastReadingAt())) {
            return state;
        }
        return switch (kind) {
            case CRISIS -> reading.crisis() ? openAtOnce(patientId, state, kind, reading, events, taken) : state;
            case HYPOTENSION -> openAtOnce(patientId, state, kind, reading, events, taken);
            case REPEATED -> countRepeated(patientId, state, latest, reading, events, taken);
            case SUSTAINED -> throw new IllegalArgumentException("the home rule folds 7-day means: foldHome");
        };
    }

    private PatientAlerts openAtOnce(String patientId, PatientAlerts state, AlertKind kind, AlertingReading reading,
                                     List<Alert> events, TakenReadings taken) {
        Alert opened = Alert.open(patientId, kind, reading, List.of(reading));
        events.add(opened);
        taken.replaceAll(kind, List.of(reading));
        return state.with(kind, opened);
    }

    private PatientAlerts countRepeated(String patientId, PatientAlerts state, Alert latest, AlertingReading reading,
                                         List<Alert> events, TakenReadings taken) {
        Instant after = latest == null ? Instant.MIN : latest.lastReadingAt();
        Map<String, AlertingReading> byId = new LinkedHashMap<>();
        for (AlertingReading kept : state.window()) {
            byId.put(kept.observationId(), kept);
        }
        byId.put(reading.observationId(), reading);
        Instant newest = byId.values().stream().map(AlertingReading::effectiveAt).max(Comparator.naturalOrder())
                .orElseThrow();
        Instant from = newest.minus(rules.repeatedWindow());
        List<AlertingReading> window = byId.values().stream()
                .filter(kept -> kept.effectiveAt().isAfter(after) && !kept.effectiveAt().isBefore(from))
                .sorted(Comparator.comparing(AlertingReading::effectiveAt).thenComparing(AlertingReading::observationId))
                .toList();
        List<AlertingReading> triggering = firstRun(window);
        if (triggering.isEmpty()) {
            return state.withWindow(window);
        }
        Alert opened = Alert.open(patientId, AlertKind.REPEATED, reading, triggering);
        events.add(opened);
        taken.replaceAll(AlertKind.REPEATED, triggering);
        return state.with(AlertKind.REPEATED, opened).withWindow(List.of());
    }

    /**
     * The readings of the first span of the window that holds enough of them within the window's length (all readings
     * from its first on that lie within the length), or none. In order, that is the last readings up to this one.
     */
    private List<AlertingReading> firstRun(List<AlertingReading> window) {
        int needed = rules.repeatedReadings();
        for (int first = 0; first + needed <= window.size(); first++) {
            Instant end = window.get(first).effectiveAt().plus(rules.repeatedWindow());
            if (!window.get(first + needed - 1).effectiveAt().isAfter(end)) {
                List<AlertingReading> run = new ArrayList<>();
                for (int i = first; i < window.size() && !window.get(i).effectiveAt().isAfter(end); i++) {
                    run.add(window.get(i));
                }
                return run;
            }
        }
        return List.of();
    }
}
