package io.bpmonitor.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.bpmonitor.alerts.DaySums.Reading;
import io.bpmonitor.detector.ClassifiedReading;
import io.bpmonitor.rules.PatientTarget;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every reading of each patient by day, normal ones too: the day's readings ({@link DayReadings}, each
 * Observation once in its latest version) and the day's sums ({@link DaySums}), so a reading costs the same whatever
 * the day holds; and each patient's target, from the targets topic, the days counted against it. Hands each reading,
 * with the 7 days it leaves, to the episode processor; and every {@link #SEND_EVERY} of wall-clock time sends the
 * document of each day that changed and of the days after it whose 7-day means it is part of (a backfill brings
 * earlier days late). Days are on the readings' effective time, cut in
 * {@link HomeRules#zone()}, so a replay gives the same documents and alerts.
 */
final class PatientDaysProcessor implements Processor<byte[], byte[], String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(PatientDaysProcessor.class);
    /** Header of each day record: its document's id in {@code bp_patient_days}. */
    static final String DOCUMENT_ID_HEADER = "bp-document-id";
    /** Header of each day record: its revision, decimal, the document's external version. */
    static final String REVISION_HEADER = "bp-revision";
    /** How often the days that changed are sent: a day's document is at most this late. */
    static final Duration SEND_EVERY = Duration.ofSeconds(2);
    private static final byte[] NOTHING = new byte[0];
    /** Days kept in the stores: the 7-day means, and room for readings that come a few weeks late. */
    private static final int DAYS_KEPT = 35;
    private static final LocalDate EARLIEST = LocalDate.of(1, 1, 1);
    /** Days kept deserialised: a week of some thousands of patients. */
    private static final int RECENT_DAYS = 50_000;
    /** Observation hashes kept in memory at most, over all days: about 12 MB. */
    private static final int HASHES_KEPT = 1_000_000;
    /** Serialises a key prefix as the stores serialise their keys. */
    private static final StringSerializer KEYS = new StringSerializer();

    private final HomeRules rules;
    private final String targetsTopic;
    /** Days of patients read or written lately, as the store holds them; emptied whenever the task (re)starts. */
    private final Map<String, DaySums> recent = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DaySums> eldest) {
            return size() > RECENT_DAYS;
        }
    };
    /**
     * The Observations each day lately touched may hold, so a reading that is not its day's latest (a backfill, a late
     * or a replayed reading) reads the day's chunks only when it may be a version of one the day holds; emptied
     * whenever the task (re)starts, and built again from the chunks once per day.
     */
    private final Map<String, ObservationHashes> held = new LinkedHashMap<>(1_024, 0.75f, true);
    private int hashesKept;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, DaySums> days;
    private KeyValueStore<String, byte[]> chunks;
    private KeyValueStore<String, byte[]> toSend;
    private KeyValueStore<String, PatientTarget> targets;

    PatientDaysProcessor(HomeRules rules, String targetsTopic) {
        this.rules = rules;
        this.targetsTopic = targetsTopic;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        recent.clear();
        held.clear();
        hashesKept = 0;
        days = context.getStateStore(AlertTopology.PATIENT_DAYS);
        chunks = context.getStateStore(AlertTopology.PATIENT_DAY_CHUNKS);
        toSend = context.getStateStore(AlertTopology.PATIENT_DAYS_TO_SEND);
        targets = context.getStateStore(AlertTopology.PATIENT_TARGETS);
        context.schedule(SEND_EVERY, PunctuationType.WALL_CLOCK_TIME, this::sendChangedDays);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (context.recordMetadata().map(where -> where.topic().equals(targetsTopic)).orElse(false)) {
            setTarget(record);
        } else {
            addReadings(record);
        }
    }

    private void addReadings(Record<byte[], byte[]> record) {
        List<ClassifiedReading> readings;
        try {
            readings = ClassifiedReading.fromJson(record.value());
        } catch (IllegalArgumentException e) {
            // only the detector writes the topic; whatever else is there is no reading of anybody's
            skipped(e.getMessage());
            return;
        }
        // a record holds one patient's readings of a poll, most of them of one day
        Map<String, List<ClassifiedReading>> byPatient = new LinkedHashMap<>();
        for (ClassifiedReading reading : readings) {
            byPatient.computeIfAbsent(reading.patientId(), patient -> new ArrayList<>()).add(reading);
        }
        byPatient.forEach((patientId, ofPatient) -> context.forward(
                new Record<>(patientId, addToDays(patientId, ofPatient), record.timestamp()), AlertTopology.EPISODES));
    }

    /**
     * A patient's target set, removed (an empty value) or ended (its Goal ended, when that Goal set it): kept, and
     * every kept day of the patient counted again against it, its document sent at the next tick. The home rule
     * reads it from the patient's next reading on.
     */
    private void setTarget(Record<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        String patientId = new String(record.key(), StandardCharsets.UTF_8);
        PatientTarget target = null;
        if (record.value() != null && record.value().length > 0) {
            try {
                target = PatientTarget.fromJson(record.value());
            } catch (IllegalArgumentException e) {
                skipped(e.getMessage());
                return;
            }
            if (!target.problems().isEmpty() || !patientId.equals(target.patientId())) {
                skipped("not a valid target");
                return;
            }
        }
        if (target == null || target.ended()) {
            PatientTarget current = targets.get(patientId);
            if (current == null || target != null && !target.ends(current)) {
                return; // nothing to remove, or a Goal ended that is not the one in force
            }
            targets.delete(patientId);
            target = null;
        } else {
            targets.put(patientId, target);
        }
        HomeRules lines = rules.forTarget(target);
        List<String> kept = new ArrayList<>();
        try (KeyValueIterator<String, DaySums> range = days.prefixScan(patientId + "|", KEYS)) {
            range.forEachRemaining(entry -> kept.add(entry.key));
        }
        for (String key : kept) {
            DaySums day = day(patientId, LocalDate.parse(key.substring(key.lastIndexOf('|') + 1)));
            DaySums counted = day.withAboveTargetCounted(readingsOf(day), lines);
            days.put(key, counted);
            recent.put(key, counted);
            toSend.put(key, NOTHING);
        }
    }

    /** The record being processed is passed over: one line saying where it is and why, never what it holds. */
    private void skipped(String why) {
        context.recordMetadata().ifPresent(where -> LOG.warn("{}-{}@{} skipped: {}", where.topic(), where.partition(),
                where.offset(), why));
    }

    /** The lines the patient's readings are read against: the patient's own target, or the home lines. */
    private HomeRules linesOf(String patientId) {
        return rules.forTarget(targets.get(patientId));
    }

    /**
     * Adds the readings to their days, one by one, each with the 7 days it leaves; stores what changed, the readings
     * of each day they touched in one chunk.
     */
    private List<ReadingAndItsWeek> addToDays(String patientId, List<ClassifiedReading> readings) {
        HomeRules lines = linesOf(patientId);
        TreeMap<LocalDate, DaySums> window = new TreeMap<>();
        Map<LocalDate, DayReadings> touched = new HashMap<>();
        List<ReadingAndItsWeek> weighed = new ArrayList<>(readings.size());
        for (ClassifiedReading reading : readings) {
            LocalDate date = rules.dayOf(reading.effectiveAt());
            for (LocalDate d = date.minusDays(HomeRules.MEAN_DAYS - 1); !d.isAfter(date); d = d.plusDays(1)) {
                window.computeIfAbsent(d, missing -> day(patientId, missing));
            }
            DaySums before = window.get(date);
            String dayKey = key(patientId, date);
            DayReadings ofTheDay = touched.computeIfAbsent(date, d -> new DayReadings(chunks, dayKey, before.chunks()));
            DaySums after = changed(dayKey, before, reading, lines, ofTheDay);
            if (after != before) {
                if (!before.everHadReadings()) {
                    forgetDaysBefore(patientId, date.minusDays(DAYS_KEPT));
                }
                window.put(date, after);
                // its document goes out at the next tick, with those of the later days whose 7 it is one of
                toSend.put(dayKey, NOTHING);
            }
            List<DaySums> lastSeven = List.copyOf(
                    window.subMap(date.minusDays(HomeRules.MEAN_DAYS - 1), true, date, true).values());
            weighed.add(new ReadingAndItsWeek(reading,
                    HomeMean.of(ReadingAndItsWeek.alerting(reading), lastSeven, lines)));
        }
        touched.forEach((date, ofTheDay) -> {
            DaySums day = window.get(date).withChunks(ofTheDay.write());
            days.put(key(patientId, date), day);
            recent.put(key(patientId, date), day);
        });
        return weighed;
    }

    /**
     * The day with the reading (in place of an earlier version of the same Observation) or without it (withdrawn);
     * the same object when nothing changes: the same version again, or a withdrawal of what the day does not hold. A
     * reading taken after every reading the day holds is new to it: the day's stored readings are not read.
     */
    private DaySums changed(String dayKey, DaySums day, ClassifiedReading reading, HomeRules lines,
                            DayReadings ofTheDay) {
        long hash = hash(reading.observationId());
        Reading now = reading.withdrawn() ? null : new Reading(reading.effectiveAt().toEpochMilli(),
                pressure(reading.systolic()), pressure(reading.diastolic()));
        boolean surelyNew = now != null && (now.effectiveMillis() > day.latestMillis()
                || !heldBy(dayKey, ofTheDay).mayHold(hash));
        Reading earlier = surelyNew ? null : ofTheDay.find(hash);
        if (earlier == null ? now == null : earlier.equals(now)) {
            return day;
        }
        DaySums next = day;
        boolean extremes = false;
        if (earlier != null) {
            extremes = day.extremeOf(earlier);
            next = next.minus(earlier, lines);
            ofTheDay.remove(hash);
        }
        if (now != null) {
            ofTheDay.add(hash, now);
            ObservationHashes hashes = held.get(dayKey);
            if (hashes != null) {
                int before = hashes.size();
                hashes.add(hash);
                hashesKept += hashes.size() - before;
            }
            next = next.plus(now, lines);
        }
        return extremes ? next.withExtremesOf(ofTheDay.all()) : next;
    }

    /** The Observations the day may hold: kept, or read from its chunks once and kept, the oldest days let go. */
    private ObservationHashes heldBy(String dayKey, DayReadings ofTheDay) {
        ObservationHashes hashes = held.get(dayKey);
        if (hashes == null) {
            hashes = ofTheDay.hashes();
            held.put(dayKey, hashes);
            hashesKept += hashes.size();
            var eldest = held.entrySet().iterator();
            while (hashesKept > HASHES_KEPT && eldest.hasNext()) {
                var day = eldest.next();
                if (!day.getKey().equals(dayKey)) {
                    hashesKept -= day.getValue().size();
                    eldest.remove();
                }
            }
        }
        return hashes;
    }

    private List<Reading> readingsOf(DaySums day) {
        return new DayReadings(chunks, key(day.patientId(), day.day()), day.chunks()).all();
    }

    private static short pressure(Integer value) {
        return value == null ? DaySums.ABSENT : value.shortValue();
    }

    /**
     * Sends the documents of the days that changed since the last tick: one per day however many readings came, so a
     * stream of readings is not a stream of documents. A day that never had a reading has none.
     */
    private void sendChangedDays(long wallClockMillis) {
        Instant now = Instant.ofEpochMilli(wallClockMillis);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = toSend.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        Set<String> sent = new HashSet<>();
        Map<String, Optional<PatientTarget>> targetsByPatient = new HashMap<>();
        for (String key : keys) {
            toSend.delete(key);
            int bar = key.lastIndexOf('|');
            String patientId = key.substring(0, bar);
            LocalDate changed = LocalDate.parse(key.substring(bar + 1));
            for (int later = 0; later < HomeRules.MEAN_DAYS; later++) {
                LocalDate date = changed.plusDays(later);
                if (sent.add(key(patientId, date))) {
                    send(patientId, date, now, targetsByPatient.computeIfAbsent(patientId,
                            patient -> Optional.ofNullable(targets.get(patient))).orElse(null));
                }
            }
        }
    }

    /** Stores and sends the document of the patient's day, when it ever had a reading; {@code target} null: none. */
    private void send(String patientId, LocalDate date, Instant now, PatientTarget target) {
        DaySums day = day(patientId, date);
        if (!day.everHadReadings()) {
            return;
        }
        List<DaySums> lastSeven = new ArrayList<>(HomeRules.MEAN_DAYS);
        for (LocalDate earlier = date.minusDays(HomeRules.MEAN_DAYS - 1); earlier.isBefore(date);
             earlier = earlier.plusDays(1)) {
            lastSeven.add(day(patientId, earlier));
        }
        DaySums revised = day.revisedAt(now);
        lastSeven.add(revised);
        days.put(key(patientId, date), revised);
        recent.put(key(patientId, date), revised);
        PatientDayDocument document = PatientDayDocument.of(revised, lastSeven, rules.forTarget(target), target, now);
        Record<String, Object> out = new Record<>(patientId, AlertJson.bytes(document), now.toEpochMilli());
        out.headers().add(DOCUMENT_ID_HEADER, document.dayId().getBytes(StandardCharsets.UTF_8));
        out.headers().add(REVISION_HEADER, Long.toString(revised.revision()).getBytes(StandardCharsets.US_ASCII));
        context.forward(out, AlertTopology.PATIENT_DAY_DOCUMENTS);
    }

    /** The patient's day as stored, or an empty one: from {@link #recent} when it is there. */
    private DaySums day(String patientId, LocalDate date) {
        String key = key(patientId, date);
        DaySums day = recent.get(key);
        if (day == null) {
            day = days.get(key);
            day = day == null ? DaySums.empty(patientId, date) : day;
            recent.put(key, day);
        }
        return day;
    }

    private void forgetDaysBefore(String patientId, LocalDate before) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, DaySums> range = days.range(key(patientId, EARLIEST),
                key(patientId, before.minusDays(1)))) {
            range.forEachRemaining(entry -> old.add(entry.key));
        }
        for (String key : old) {
            days.delete(key);
            recent.remove(key);
            ObservationHashes hashes = held.remove(key);
            hashesKept -= hashes == null ? 0 : hashes.size();
            DayReadings.forget(chunks, key);
        }
    }

    /** Patient ids are FHIR ids, without {@code |}: a patient's days sort together, in date order. */
    static String key(String patientId, LocalDate day) {
        return patientId + "|" + day;
    }

    /** An Observation under its day: a 64-bit hash of its id (FNV-1a). */
    private static long hash(String observationId) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < observationId.length(); i++) {
            hash = (hash ^ observationId.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }
}
