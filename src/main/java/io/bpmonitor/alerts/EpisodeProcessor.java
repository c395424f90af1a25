package io.bpmonitor.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bpmonitor.detector.ClassifiedReading;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds each patient's readings through {@link Episodes} (the rules of each reading, and the home rule on the 7 days
 * it leaves, from {@link PatientDaysProcessor}) and sends the alert events, keyed by patient; a
 * wall-clock punctuation resolves the episodes whose quiet period has passed and sends the updates that were held
 * back, so no reading, of this patient or another, ever stands in for the clock. It takes the clinicians' review
 * actions ({@link Reviews}) and escalates the urgent alerts nobody acknowledged, on the same clock. Everything it
 * keeps is in the task's state stores, changelogged, and changes exactly once with the events it sends
 * (exactly_once_v2).
 */
final class EpisodeProcessor implements Processor<String, Object, String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeProcessor.class);
    /** How often the wall clock is read: an alert resolves at most this late after its quiet period. */
    static final Duration CLOCK_TICK = Duration.ofSeconds(1);
    /** How long to wait before asking Elasticsearch again for the open alerts of a previous release. */
    private static final Duration TAKEOVER_RETRY = Duration.ofSeconds(30);
    private static final String TAKEN_OVER = "taken-over";
    private static final byte[] PRESENT = new byte[0];
    private static final int RECENT_PATIENTS = 10_000;
    /** How often the alerts awaiting review are looked through for an escalation due: well within its minutes. */
    static final Duration ESCALATION_TICK = Duration.ofSeconds(10);

    private final Episodes episodes;
    private final Reviews reviews;
    private final CarriedOverAlerts carriedOver;
    /**
     * The latest states read or written, so a patient's next reading needs no store read; only ever what the store
     * holds, and emptied whenever the task (re)starts.
     */
    private final Map<String, PatientAlerts> recent = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PatientAlerts> eldest) {
            return size() > RECENT_PATIENTS;
        }
    };
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, PatientAlerts> patients;
    private KeyValueStore<String, AlertingReading> alertReadings;
    private AlertsAwaitingReview awaitingReview;
    private KeyValueStore<String, byte[]> awaitingTheClock;
    private KeyValueStore<String, String> takeover;
    private boolean takenOver;
    private Instant nextTakeoverAttempt = Instant.MIN;

    EpisodeProcessor(Episodes episodes, Reviews reviews, CarriedOverAlerts carriedOver) {
        this.episodes = episodes;
        this.reviews = reviews;
        this.carriedOver = carriedOver;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        recent.clear();
        patients = context.getStateStore(AlertTopology.PATIENT_EPISODES);
        alertReadings = context.getStateStore(AlertTopology.ALERT_READINGS);
        awaitingReview = new AlertsAwaitingReview(context.getStateStore(AlertTopology.ALERTS_AWAITING_REVIEW), reviews);
        awaitingTheClock = context.getStateStore(AlertTopology.AWAITING_THE_CLOCK);
        takeover = context.getStateStore(AlertTopology.PREVIOUS_RELEASE_TAKEOVER);
        takenOver = carriedOver == null || takeover.get(TAKEN_OVER) != null;
        // before the first reading, so a patient's next reading continues what a previous release left open
        takeOverOnce(now());
        context.schedule(CLOCK_TICK, PunctuationType.WALL_CLOCK_TIME, this::tick);
        context.schedule(ESCALATION_TICK, PunctuationType.WALL_CLOCK_TIME, this::escalate);
    }

    /**
     * One patient's readings of a record, in order, each with its week (from the patient-days processor), or a
     * clinician's review action (from the reviews topic): the patient's state stored once.
     */
    @Override
    public void process(Record<String, Object> record) {
        Instant now = now();
        takeOverOnce(now);
        String patientId = record.key();
        PatientAlerts before = stateOf(patientId);
        PatientAlerts state = before;
        if (record.value() instanceof ReviewAction action) {
            state = review(state, action, now);
        } else {
            TakenReadings taken = new StoredTakenReadings(alertReadings, patientId);
            for (Object weighed : (List<?>) record.value()) {
                state = fold(patientId, state, (ReadingAndItsWeek) weighed, taken, now);
            }
        }
        save(patientId, before, state);
    }

    /** Takes the action, or says in a line (naming no patient) why not: the API that sent it reads the outcome. */
    private PatientAlerts review(PatientAlerts state, ReviewAction action, Instant now) {
        Reviews.Decision decision = reviews.decide(awaitingReview.get(action.alertId()), action, now);
        if (decision instanceof Reviews.Taken taken) {
            return sendChange(state, taken.alert(), taken.event(), now);
        }
        if (decision instanceof Reviews.Refused refused) {
            LOG.info("Review action {} ({}) refused: {}", action.actionId(), action.action().code(), refused.reason());
        }
        return state;
    }

    /** Sends an escalation for each urgent alert of the task that waited unacknowledged long enough. */
    private void escalate(long wallClockMillis) {
        Instant now = Instant.ofEpochMilli(wallClockMillis);
        List<Alert> due = new ArrayList<>();
        for (Alert waiting : awaitingReview.mayEscalate()) {
            Alert escalated = reviews.escalated(waiting, now);
            if (escalated != null) {
                due.add(escalated);
            }
        }
        for (Alert escalated : due) {
            PatientAlerts before = stateOf(escalated.patientId());
            save(escalated.patientId(), before, sendChange(before, escalated, AlertEvent.ESCALATED, now));
        }
    }

    /**
     * Sends an event of a change to one alert that no reading made (a review action, an escalation): the patient's
     * latest alert of its kind becomes it when it is that alert, and the event carries it whole.
     */
    private PatientAlerts sendChange(PatientAlerts state, Alert changed, AlertEvent event, Instant now) {
        boolean isLatest = state.isLatest(changed);
        PatientAlerts next = isLatest ? state.with(changed.kind(), changed) : state;
        long revision = forward(changed.patientId(), changed, event, next.revision(), now);
        Set<AlertKind> stillBehind = EnumSet.noneOf(AlertKind.class);
        stillBehind.addAll(next.behind());
        if (isLatest) {
            stillBehind.remove(changed.kind());
        }
        return next.written(next.writtenAt(), revision, stillBehind);
    }

    private PatientAlerts fold(String patientId, PatientAlerts state, ReadingAndItsWeek weighed, TakenReadings taken,
                               Instant now) {
        ClassifiedReading reading = weighed.reading();
        AlertingReading alerting = ReadingAndItsWeek.alerting(reading);
        Set<AlertKind> kinds = EnumSet.noneOf(AlertKind.class);
        kinds.addAll(AlertKind.concerning(reading.anomaly(), reading.low()));
        if (reading.withdrawn() || Episodes.tookAnotherVersion(state, taken, alerting)) {
            // entered in error, or corrected: out of the alerts that took it, or back in them with its new values
            state = send(patientId, state, episodes.replace(state, reading.observationId(),
                    reading.withdrawn() ? null : alerting, kinds, taken), now);
            kinds.removeAll(Episodes.kindsThatTook(taken, reading.observationId()));
        }
        if (!kinds.isEmpty()) {
            state = send(patientId, state, episodes.fold(patientId, state, alerting, kinds, taken), now);
        }
        if (reading.withdrawn() && (state.sustained() == null || !state.sustained().isOpen())) {
            return state; // a withdrawal opens nothing
        }
        return send(patientId, state, episodes.foldHome(patientId, state, weighed.week()), now);
    }

    private PatientAlerts send(String patientId, PatientAlerts before, Episodes.Step step, Instant now) {
        return send(patientId, step.state().fallenBehind(grewQuietly(before, step)), step.events(), now);
    }

    /** Resolves what the wall clock closed and sends the updates now due (after a takeover that could not be done yet). */
    private void tick(long wallClockMillis) {
        Instant now = Instant.ofEpochMilli(wallClockMillis);
        takeOverOnce(now);
        List<String> waiting = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = awaitingTheClock.all()) {
            all.forEachRemaining(entry -> waiting.add(entry.key));
        }
        for (String patientId : waiting) {
            PatientAlerts before = stateOf(patientId);
            Episodes.Step step = episodes.sweep(before, now);
            save(patientId, before, send(patientId, step.state(), step.events(), now));
        }
    }

    /**
     * Sends the alerts that opened or resolved, then, when due, an {@code updated} event of each open alert that grew
     * since its last event. An opened or resolved event carries its alert as it is, so it is not behind any more.
     */
    private PatientAlerts send(String patientId, PatientAlerts state, List<Alert> events, Instant now) {
        long revision = state.revision();
        Set<AlertKind> behind = EnumSet.noneOf(AlertKind.class);
        for (AlertKind kind : state.behind()) {
            Alert alert = state.latest(kind);
            if (alert.isOpen() && events.stream().noneMatch(event -> event.alertId().equals(alert.alertId()))) {
                behind.add(kind);
            }
        }
        for (Alert event : events) {
            Alert raised = event.withReview(event.review().raised(now));
            if (state.isLatest(event)) {
                state = state.with(event.kind(), raised);
            }
            revision = forward(patientId, raised, AlertEvent.of(event), revision, now);
        }
        boolean updateDue = !behind.isEmpty() && episodes.rules().updateDue(state.writtenAt(), now);
        if (updateDue) {
            for (AlertKind kind : behind) {
                revision = forward(patientId, state.latest(kind), AlertEvent.UPDATED, revision, now);
            }
            behind.clear();
        }
        return events.isEmpty() && !updateDue ? state : state.written(now, revision, behind);
    }

    /** Sends the event, and keeps the alert among those awaiting review until a clinician closed it. */
    private long forward(String patientId, Alert alert, AlertEvent event, long lastRevision, Instant now) {
        awaitingReview.put(alert);
        // above the last one, and above any version a previous release gave the document (offsets of the readings)
        long revision = Math.max(lastRevision + 1, now.toEpochMilli());
        Record<String, byte[]> out = new Record<>(patientId, AlertJson.bytes(alert), now.toEpochMilli());
        event.writeTo(out.headers(), revision);
        context.forward(out);
        return revision;
    }

    /** The kinds whose open alert took a reading without an event of its own. */
    private static Set<AlertKind> grewQuietly(PatientAlerts before, Episodes.Step step) {
        Set<AlertKind> grown = EnumSet.noneOf(AlertKind.class);
        for (AlertKind kind : AlertKind.values()) {
            Alert after = step.state().latest(kind);
            if (after != null && after.isOpen() && !after.equals(before.latest(kind))
                    && step.events().stream().noneMatch(event -> event.alertId().equals(after.alertId()))) {
                grown.add(kind);
            }
        }
        return grown;
    }

    private void takeOverOnce(Instant now) {
        if (takenOver || now.isBefore(nextTakeoverAttempt)) {
            return;
        }
        int partition = context.taskId().partition();
        List<Alert> alerts;
        try {
            alerts = carriedOver.openAlertsOf(partition);
        } catch (RuntimeException e) {
            nextTakeoverAttempt = now.plus(TAKEOVER_RETRY);
            LOG.warn("The open alerts a previous release left for partition {} could not be read ({}); retried in {}",
                    partition, e.getClass().getSimpleName(), TAKEOVER_RETRY);
            return;
        }
        for (Alert alert : alerts) {
            PatientAlerts before = stateOf(alert.patientId());
            Alert raised = alert.withReview(alert.review().raised(now));
            PatientAlerts adopted = episodes.adopt(before, raised);
            if (adopted != before && !raised.review().isClosed()) {
                awaitingReview.put(raised);
            }
            save(alert.patientId(), before, adopted);
        }
        takeover.put(TAKEN_OVER, now.toString());
        takenOver = true;
        if (!alerts.isEmpty()) {
            LOG.info("Took over {} open alerts a previous release left for partition {}", alerts.size(), partition);
        }
    }

    private PatientAlerts stateOf(String patientId) {
        PatientAlerts state = recent.get(patientId);
        if (state == null) {
            state = patients.get(patientId);
            state = state == null ? PatientAlerts.NONE : state;
            if (!state.carriedTaken().isEmpty()) {
                // a state of version 3: its alerts' readings move into their own store, once
                TakenReadings taken = new StoredTakenReadings(alertReadings, patientId);
                state.carriedTaken().forEach(taken::replaceAll);
                state = state.withoutCarriedTaken();
                patients.put(patientId, state);
            }
            recent.put(patientId, state);
        }
        return state;
    }

    private void save(String patientId, PatientAlerts before, PatientAlerts after) {
        if (after.equals(before)) {
            return;
        }
        patients.put(patientId, after);
        recent.put(patientId, after);
        if (after.awaitsTheClock() != before.awaitsTheClock()) {
            if (after.awaitsTheClock()) {
                awaitingTheClock.put(patientId, PRESENT);
            } else {
                awaitingTheClock.delete(patientId);
            }
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
