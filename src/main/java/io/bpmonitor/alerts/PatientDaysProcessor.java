package io.bpmonitor.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmonitor.alerts.PatientDay.DayReading;
import io.bpmonitor.detector.ClassifiedReading;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps every reading of each patient by day, normal ones too, and sends the document of each day that changed, and
 * of the days after it whose 7-day means it is part of (a backfill brings earlier days late). Days are on the readings'
 * effective time, cut in {@link HomeRules#zone()}, so a replay gives the same documents.
 */
final class PatientDaysProcessor implements Processor<byte[], byte[], String, byte[]> {

    /** Header of each day record: its document's id in {@code bp_patient_days}. */
    static final String DOCUMENT_ID_HEADER = "bp-document-id";
    /** Header of each day record: its revision, decimal, the document's external version. */
    static final String REVISION_HEADER = "bp-revision";
    /** Days kept in the store: the 7-day means, and room for readings that come a few weeks late. */
    private static final int DAYS_KEPT = 35;
    private static final LocalDate EARLIEST = LocalDate.of(1, 1, 1);

    private final HomeRules rules;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, PatientDay> days;

    PatientDaysProcessor(HomeRules rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        days = context.getStateStore(AlertTopology.PATIENT_DAYS);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        List<ClassifiedReading> readings;
        try {
            readings = ClassifiedReading.fromJson(record.value());
        } catch (IllegalArgumentException e) {
            return; // no reading of anybody's; the episode processor logs it
        }
        // a record holds one patient's readings of a poll, most of them of one day
        Map<String, PatientDay> changed = new LinkedHashMap<>();
        for (ClassifiedReading reading : readings) {
            LocalDate day = rules.dayOf(reading.effectiveAt());
            String key = key(reading.patientId(), day);
            PatientDay before = changed.containsKey(key) ? changed.get(key) : stored(reading.patientId(), day);
            changed.put(key, before.with(new DayReading(reading.observationId(), reading.effectiveAt(),
                    reading.systolic(), reading.diastolic())));
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        changed.forEach((key, day) -> {
            PatientDay stored = days.get(key);
            if (day.sameReadingsAs(stored)) {
                return;
            }
            if (stored == null) {
                forgetDaysBefore(day.patientId(), day.day().minusDays(DAYS_KEPT));
            }
            days.put(key, day);
            sendFrom(day.patientId(), day.day(), now);
        });
    }

    private PatientDay stored(String patientId, LocalDate day) {
        PatientDay stored = days.get(key(patientId, day));
        return stored == null ? PatientDay.empty(patientId, day) : stored;
    }

    /** Sends the document of {@code from} and of each later day it is one of the 7 of. */
    private void sendFrom(String patientId, LocalDate from, Instant now) {
        List<PatientDay> window = range(patientId, from.minusDays(HomeRules.MEAN_DAYS - 1),
                from.plusDays(HomeRules.MEAN_DAYS - 1));
        for (PatientDay day : window) {
            if (day.day().isBefore(from)) {
                continue;
            }
            List<PatientDay> lastSeven = window.stream().filter(d -> !d.day().isAfter(day.day())
                    && d.day().isAfter(day.day().minusDays(HomeRules.MEAN_DAYS))).toList();
            PatientDay revised = day.revisedAt(now);
            days.put(key(patientId, day.day()), revised);
            PatientDayDocument document = PatientDayDocument.of(revised, lastSeven, rules, now);
            Record<String, byte[]> out = new Record<>(patientId, AlertJson.bytes(document), now.toEpochMilli());
            out.headers().add(DOCUMENT_ID_HEADER, document.dayId().getBytes(StandardCharsets.UTF_8));
            out.headers().add(REVISION_HEADER,
                    Long.toString(revised.revision()).getBytes(StandardCharsets.US_ASCII));
            context.forward(out);
        }
    }

    private List<PatientDay> range(String patientId, LocalDate from, LocalDate to) {
        List<PatientDay> found = new ArrayList<>();
        try (KeyValueIterator<String, PatientDay> range = days.range(key(patientId, from), key(patientId, to))) {
            range.forEachRemaining(entry -> found.add(entry.value));
        }
        return found;
    }

    private void forgetDaysBefore(String patientId, LocalDate before) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, PatientDay> range = days.range(key(patientId, EARLIEST),
                key(patientId, before.minusDays(1)))) {
            range.forEachRemaining(entry -> old.add(entry.key));
        }
        old.forEach(days::delete);
    }

    /** Patient ids are FHIR ids, without {@code |}: a patient's days sort together, in date order. */
    static String key(String patientId, LocalDate day) {
        return patientId + "|" + day;
    }
}
