package io.bpmonitor.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * Keeps every reading of each patient by day, normal ones too, and sends, every {@link #SEND_EVERY} of wall-clock
 * time, the document of each day that changed and of the days after it whose 7-day means it is part of (a backfill
 * brings earlier days late). Then hands each reading,
 * with the 7 days it leaves its patient, to the episode processor. Days are on the readings' effective time, cut in
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
    /** Days kept in the store: the 7-day means, and room for readings that come a few weeks late. */
    private static final int DAYS_KEPT = 35;
    private static final LocalDate EARLIEST = LocalDate.of(1, 1, 1);
    /** Days kept deserialised: a week of some thousands of patients. */
    private static final int RECENT_DAYS = 50_000;

    private final HomeRules rules;
    /** Days of patients read or written lately, as the store holds them; emptied whenever the task (re)starts. */
    private final Map<String, PatientDay> recent = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PatientDay> eldest) {
            return size() > RECENT_DAYS;
        }
    };
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, PatientDay> days;
    private KeyValueStore<String, byte[]> toSend;

    PatientDaysProcessor(HomeRules rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        recent.clear();
        days = context.getStateStore(AlertTopology.PATIENT_DAYS);
        toSend = context.getStateStore(AlertTopology.PATIENT_DAYS_TO_SEND);
        context.schedule(SEND_EVERY, PunctuationType.WALL_CLOCK_TIME, this::sendChangedDays);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        List<ClassifiedReading> readings;
        try {
            readings = ClassifiedReading.fromJson(record.value());
        } catch (IllegalArgumentException e) {
            // only the detector writes the topic; whatever else is there is no reading of anybody's
            context.recordMetadata().ifPresent(where -> LOG.warn("{}-{}@{} skipped: {}", where.topic(),
                    where.partition(), where.offset(), e.getMessage()));
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        // a record holds one patient's readings of a poll, most of them of one day
        Map<String, List<ClassifiedReading>> byPatient = new LinkedHashMap<>();
        for (ClassifiedReading reading : readings) {
            byPatient.computeIfAbsent(reading.patientId(), patient -> new ArrayList<>()).add(reading);
        }
        byPatient.forEach((patientId, ofPatient) -> {
            List<ReadingAndItsWeek> weighed = addToDays(patientId, ofPatient, now);
            context.forward(new Record<>(patientId, weighed, record.timestamp()), AlertTopology.EPISODES);
        });
    }

    /** Adds the readings to their days, one by one, each with the 7 days it leaves; stores and sends what changed. */
    private List<ReadingAndItsWeek> addToDays(String patientId, List<ClassifiedReading> readings, Instant now) {
        LocalDate first = readings.stream().map(r -> rules.dayOf(r.effectiveAt())).min(LocalDate::compareTo)
                .orElseThrow();
        LocalDate last = readings.stream().map(r -> rules.dayOf(r.effectiveAt())).max(LocalDate::compareTo)
                .orElseThrow();
        TreeMap<LocalDate, PatientDay> window = new TreeMap<>();
        for (LocalDate date = first.minusDays(HomeRules.MEAN_DAYS - 1); !date.isAfter(last); date = date.plusDays(1)) {
            window.put(date, day(patientId, date));
        }
        Map<LocalDate, PatientDay> before = new TreeMap<>(window);
        List<ReadingAndItsWeek> weighed = new ArrayList<>(readings.size());
        for (ClassifiedReading reading : readings) {
            LocalDate date = rules.dayOf(reading.effectiveAt());
            PatientDay day = window.get(date);
            window.put(date, reading.withdrawn() ? day.without(reading.observationId())
                    : day.with(reading.observationId(), reading.effectiveAt().toEpochMilli(), reading.systolic(),
                            reading.diastolic()));
            List<PatientDay> lastSeven = List.copyOf(
                    window.subMap(date.minusDays(HomeRules.MEAN_DAYS - 1), true, date, true).values());
            weighed.add(new ReadingAndItsWeek(reading,
                    HomeMean.of(ReadingAndItsWeek.alerting(reading), lastSeven, rules)));
        }
        for (PatientDay day : window.values()) {
            PatientDay was = before.get(day.day());
            if (day == was) {
                continue; // nothing new: a day changes only by a new reading or new values
            }
            if (was.isEmpty() && was.revision() == 0) {
                forgetDaysBefore(patientId, day.day().minusDays(DAYS_KEPT));
            }
            days.put(key(patientId, day.day()), day);
            recent.put(key(patientId, day.day()), day);
            // its document goes out at the next tick, and those of the later days whose 7 it is one of
            for (int later = 0; later < HomeRules.MEAN_DAYS; later++) {
                toSend.put(key(patientId, day.day().plusDays(later)), NOTHING);
            }
        }
        return weighed;
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
        for (String key : keys) {
            toSend.delete(key);
            int bar = key.lastIndexOf('|');
            send(key.substring(0, bar), LocalDate.parse(key.substring(bar + 1)), now);
        }
    }

    /** Stores and sends the document of the patient's day, when it ever had a reading. */
    private void send(String patientId, LocalDate date, Instant now) {
        PatientDay day = day(patientId, date);
        if (day.isEmpty() && day.revision() == 0) {
            return;
        }
        List<PatientDay> lastSeven = new ArrayList<>(HomeRules.MEAN_DAYS);
        for (LocalDate earlier = date.minusDays(HomeRules.MEAN_DAYS - 1); earlier.isBefore(date);
             earlier = earlier.plusDays(1)) {
            lastSeven.add(day(patientId, earlier));
        }
        PatientDay revised = day.revisedAt(now);
        lastSeven.add(revised);
        days.put(key(patientId, date), revised);
        recent.put(key(patientId, date), revised);
        PatientDayDocument document = PatientDayDocument.of(revised, lastSeven, rules, now);
        Record<String, Object> out = new Record<>(patientId, AlertJson.bytes(document), now.toEpochMilli());
        out.headers().add(DOCUMENT_ID_HEADER, document.dayId().getBytes(StandardCharsets.UTF_8));
        out.headers().add(REVISION_HEADER, Long.toString(revised.revision()).getBytes(StandardCharsets.US_ASCII));
        context.forward(out, AlertTopology.PATIENT_DAY_DOCUMENTS);
    }

    /** The patient's day as stored, or an empty one: from {@link #recent} when it is there. */
    private PatientDay day(String patientId, LocalDate date) {
        String key = key(patientId, date);
        PatientDay day = recent.get(key);
        if (day == null) {
            day = days.get(key);
            day = day == null ? PatientDay.empty(patientId, date) : day;
            recent.put(key, day);
        }
        return day;
    }

    private void forgetDaysBefore(String patientId, LocalDate before) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, PatientDay> range = days.range(key(patientId, EARLIEST),
                key(patientId, before.minusDays(1)))) {
            range.forEachRemaining(entry -> old.add(entry.key));
        }
        old.forEach(key -> {
            days.delete(key);
            recent.remove(key);
        });
    }

    /** Patient ids are FHIR ids, without {@code |}: a patient's days sort together, in date order. */
    static String key(String patientId, LocalDate day) {
        return patientId + "|" + day;
    }
}
