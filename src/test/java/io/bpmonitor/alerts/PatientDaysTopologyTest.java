package io.bpmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.bpmonitor.detector.ClassifiedReading;
import io.bpmonitor.rules.PatientTarget;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each patient's days on the engine's topology, value by value: the day's figures, its morning and evening, what is
 * above the home lines, the 7-day means, each Observation counted once in its latest version, a day cut in the
 * programme's zone, and the documents sent at the wall clock's tick, one per day however many readings came.
 */
class PatientDaysTopologyTest {

    private static final Instant WALL_CLOCK = Instant.parse("2026-12-07T20:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-12-07");
    private static final String PATIENT = "p-0001";

    private EngineDriver engine;
    /** Every day document sent, in order, with its headers. */
    private final List<TestRecord<String, byte[]>> sent = new ArrayList<>();

    private void start(ZoneId zone) {
        engine = new EngineDriver(EngineDriver.RULES, zone, null, WALL_CLOCK);
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private static ClassifiedReading reading(String id, String at, Integer systolic, Integer diastolic) {
        boolean anomaly = systolic != null && systolic > 140 || diastolic != null && diastolic > 90;
        return new ClassifiedReading(PATIENT, id, Instant.parse(at), null, systolic, diastolic, "none", anomaly, false,
                false);
    }

    /** One record of the readings topic; returns the documents it sent, by day. */
    private List<PatientDayDocument> pipe(ClassifiedReading... poll) {
        if (engine == null) {
            start(ZoneOffset.UTC);
        }
        engine.readings.pipeInput(PATIENT, ClassifiedReading.toJson(List.of(poll)));
        assertThat(engine.days.isEmpty()).as("the documents wait for the wall clock's tick").isTrue();
        engine.driver.advanceWallClockTime(PatientDaysProcessor.SEND_EVERY);
        List<TestRecord<String, byte[]>> records = engine.days.readRecordsToList();
        sent.addAll(records);
        return records.stream().map(record -> AlertJson.read(record.value(), PatientDayDocument.class)).toList();
    }

    @Test
    void aDayInFiguresWithItsMorningAndEveningAndWhatIsAboveTheHomeLines() {
        List<PatientDayDocument> documents = pipe(
                reading("m1", "2026-12-07T07:00:00Z", 142, 88), reading("m2", "2026-12-07T07:02:00Z", 138, 84),
                reading("n1", "2026-12-07T13:00:00Z", 120, 80),
                reading("e1", "2026-12-07T19:00:00Z", 130, 86), reading("e2", "2026-12-07T19:02:00Z", 126, 82));

        assertThat(documents).singleElement().satisfies(day -> {
            assertThat(day.dayId()).isEqualTo("p-0001/2026-12-07");
            assertThat(day.day()).isEqualTo(DAY);
            assertThat(day.readings()).isEqualTo(5);
            assertThat(day.systolicMean()).isEqualTo(131.2);
            assertThat(day.diastolicMean()).isEqualTo(84.0);
            assertThat(day.systolicMin()).isEqualTo(120);
            assertThat(day.systolicMax()).isEqualTo(142);
            assertThat(day.diastolicMin()).isEqualTo(80);
            assertThat(day.diastolicMax()).isEqualTo(88);
            assertThat(day.morningReadings()).isEqualTo(2);
            assertThat(day.morningSystolicMean()).isEqualTo(140.0);
            assertThat(day.morningDiastolicMean()).isEqualTo(86.0);
            assertThat(day.eveningReadings()).isEqualTo(2);
            assertThat(day.eveningSystolicMean()).isEqualTo(128.0);
            assertThat(day.eveningDiastolicMean()).isEqualTo(84.0);
            assertThat(day.aboveTarget()).as("142/88, 138/84 and 130/86: at or above 135 or 85").isEqualTo(3);
            assertThat(day.targetSystolic()).isEqualTo(135);
            assertThat(day.targetDiastolic()).isEqualTo(85);
            assertThat(day.sevenDayReadings()).isEqualTo(5);
            assertThat(day.sevenDayDays()).isEqualTo(1);
            assertThat(day.updatedAt()).isEqualTo(WALL_CLOCK.plus(PatientDaysProcessor.SEND_EVERY));
        });
        assertThat(new String(sent.get(0).headers().lastHeader(PatientDaysProcessor.DOCUMENT_ID_HEADER).value()))
                .isEqualTo("p-0001/2026-12-07");
        assertThat(sent.get(0).key()).as("keyed by patient").isEqualTo(PATIENT);
    }

    @Test
    void anObservationPublishedAgainCountsOnceAndACorrectedOneReplacesIt() {
        pipe(reading("o1", "2026-12-07T07:00:00Z", 150, 95));
        List<PatientDayDocument> again = pipe(reading("o1", "2026-12-07T07:00:00Z", 150, 95));
        List<PatientDayDocument> corrected = pipe(reading("o1", "2026-12-07T07:00:00Z", 128, 79));

        assertThat(again).as("nothing changed, nothing sent").isEmpty();
        assertThat(corrected).singleElement().satisfies(day -> {
            assertThat(day.readings()).isEqualTo(1);
            assertThat(day.systolicMean()).isEqualTo(128.0);
            assertThat(day.aboveTarget()).isZero();
        });
        assertThat(revisions()).as("each document newer than the one before").isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aReadingOfAnEarlierRecordIsFoundInItsChunkWhateverTheOrderOfArrival() {
        pipe(reading("r1", "2026-12-07T07:00:00Z", 170, 100), reading("r2", "2026-12-07T07:02:00Z", 150, 95));
        pipe(reading("r3", "2026-12-07T19:00:00Z", 140, 88));
        // r1 again, arriving after r3 and taken before it: the same reading, counted once
        assertThat(pipe(reading("r1", "2026-12-07T07:00:00Z", 170, 100))).isEmpty();

        // r1 corrected: out of its chunk (r2 stays there), its new values in; it was the highest
        assertThat(pipe(reading("r1", "2026-12-07T07:00:00Z", 130, 80))).singleElement().satisfies(day -> {
            assertThat(day.readings()).isEqualTo(3);
            assertThat(day.systolicMax()).isEqualTo(150);
            assertThat(day.systolicMean()).isEqualTo(140.0);
        });
        // r2 withdrawn, from the same chunk; r3 untouched in its own
        ClassifiedReading withdrawn = new ClassifiedReading(PATIENT, "r2", Instant.parse("2026-12-07T07:02:00Z"), null,
                150, 95, "none", true, false, false, true);
        assertThat(pipe(withdrawn)).singleElement().satisfies(day -> {
            assertThat(day.readings()).isEqualTo(2);
            assertThat(day.systolicMin()).isEqualTo(130);
            assertThat(day.systolicMax()).isEqualTo(140);
        });
    }

    @Test
    void theSevenDayMeansCoverTheDayAndTheSixBeforeAndALateReadingResendsTheDaysItIsPartOf() {
        pipe(reading("d1", "2026-12-01T07:00:00Z", 140, 90));
        pipe(reading("d5", "2026-12-05T07:00:00Z", 130, 80));
        List<PatientDayDocument> seventh = pipe(reading("d7", "2026-12-07T07:00:00Z", 120, 70));
        List<PatientDayDocument> eighth = pipe(reading("d8", "2026-12-08T07:00:00Z", 110, 60));

        assertThat(seventh).singleElement().satisfies(day -> {
            assertThat(day.sevenDayReadings()).isEqualTo(3);
            assertThat(day.sevenDayDays()).isEqualTo(3);
            assertThat(day.sevenDaySystolicMean()).isEqualTo(130.0);
            assertThat(day.sevenDayDiastolicMean()).isEqualTo(80.0);
        });
        assertThat(eighth).singleElement().satisfies(day -> {
            assertThat(day.sevenDayReadings()).as("the 1st is 7 days before the 8th: out").isEqualTo(3);
            assertThat(day.sevenDaySystolicMean()).isEqualTo(120.0);
        });

        List<PatientDayDocument> late = pipe(reading("d4", "2026-12-04T07:00:00Z", 150, 100));

        assertThat(late).extracting(PatientDayDocument::day).containsExactly(LocalDate.parse("2026-12-04"),
                LocalDate.parse("2026-12-05"), LocalDate.parse("2026-12-07"), LocalDate.parse("2026-12-08"));
        assertThat(late).last().satisfies(day -> {
            assertThat(day.sevenDayReadings()).isEqualTo(4);
            assertThat(day.sevenDaySystolicMean()).isEqualTo(127.5);
            assertThat(day.readings()).as("the 8th's own figures unchanged").isEqualTo(1);
        });
    }

    @Test
    void manyRecordsOfADayBetweenTwoTicksAreOneDocument() {
        start(ZoneOffset.UTC);
        for (int i = 0; i < 50; i++) {
            engine.readings.pipeInput(PATIENT, ClassifiedReading.toJson(List.of(
                    reading("r" + i, "2026-12-07T07:00:00Z", 120 + i % 30, 80))));
        }
        engine.driver.advanceWallClockTime(PatientDaysProcessor.SEND_EVERY);

        assertThat(engine.days.readRecordsToList()).singleElement().satisfies(record -> assertThat(
                AlertJson.read(record.value(), PatientDayDocument.class).readings()).isEqualTo(50));
    }

    @Test
    void aPartialReadingCountsForTheMeanOfTheValueItHas() {
        List<PatientDayDocument> documents = pipe(reading("o1", "2026-12-07T07:00:00Z", 212, null),
                reading("o2", "2026-12-07T07:02:00Z", 150, 96));

        assertThat(documents).singleElement().satisfies(day -> {
            assertThat(day.readings()).isEqualTo(2);
            assertThat(day.systolicMean()).isEqualTo(181.0);
            assertThat(day.diastolicMean()).isEqualTo(96.0);
            assertThat(day.aboveTarget()).isEqualTo(2);
        });
    }

    @Test
    void aDayIsCutInTheProgrammesZone() {
        start(ZoneId.of("Europe/Paris"));

        List<PatientDayDocument> documents = pipe(reading("late", "2026-12-07T23:30:00Z", 125, 80));

        assertThat(documents).singleElement().satisfies(day -> {
            assertThat(day.day()).as("00:30 in Paris").isEqualTo(LocalDate.parse("2026-12-08"));
            assertThat(day.zone()).isEqualTo("Europe/Paris");
            assertThat(day.morningReadings()).isZero();
        });
    }

    private List<Long> revisions() {
        return sent.stream().map(record -> Long.parseLong(new String(
                record.headers().lastHeader(PatientDaysProcessor.REVISION_HEADER).value()))).toList();
    }

    @Test
    void aTargetCountsTheKeptDaysAgainAndSendsThemAndItsRemovalGoesBack() {
        pipe(reading("a1", "2026-12-06T07:00:00Z", 130, 78), reading("a2", "2026-12-06T07:02:00Z", 124, 74));
        pipe(reading("b1", "2026-12-07T07:00:00Z", 128, 76));

        engine.targets.pipeInput(PATIENT, new PatientTarget(PATIENT, 125, 75, 100, 60, "dr.martin",
                WALL_CLOCK, "treated, under 65", PatientTarget.FROM_THE_API, false).json());
        engine.driver.advanceWallClockTime(PatientDaysProcessor.SEND_EVERY);
        List<PatientDayDocument> counted = engine.days.readRecordsToList().stream()
                .map(record -> AlertJson.read(record.value(), PatientDayDocument.class)).toList();
        assertThat(counted).as("130/78 and 128/76 at or above 125/75; 124/74 is not")
                .extracting(PatientDayDocument::day, PatientDayDocument::aboveTarget,
                        PatientDayDocument::targetSystolic, PatientDayDocument::targetDiastolic)
                .containsExactlyInAnyOrder(tuple(DAY.minusDays(1), 1, 125, 75), tuple(DAY, 1, 125, 75));

        assertThat(pipe(reading("b2", "2026-12-07T07:02:00Z", 126, 70))).singleElement()
                .extracting(PatientDayDocument::aboveTarget).isEqualTo(2);

        engine.targets.pipeInput(PATIENT, new byte[0]);
        engine.driver.advanceWallClockTime(PatientDaysProcessor.SEND_EVERY);
        assertThat(engine.days.readRecordsToList().stream()
                .map(record -> AlertJson.read(record.value(), PatientDayDocument.class)))
                .as("back on 135/85: nothing above it").extracting(PatientDayDocument::aboveTarget,
                        PatientDayDocument::targetSystolic)
                .containsExactly(tuple(0, 135), tuple(0, 135));
    }

    @Test
    void anEndedGoalRemovesOnlyTheTargetItSet() {
        pipe(reading("c1", "2026-12-07T07:00:00Z", 130, 78));
        PatientTarget fromTheApi = new PatientTarget(PATIENT, 125, 75, null, null, "dr.martin", WALL_CLOCK, null,
                PatientTarget.FROM_THE_API, false);
        engine.targets.pipeInput(PATIENT, fromTheApi.json());
        engine.targets.pipeInput(PATIENT, PatientTarget.endOf(PATIENT, "Goal/other", WALL_CLOCK).json());
        engine.driver.advanceWallClockTime(PatientDaysProcessor.SEND_EVERY);
        assertThat(lastDocument().targetSystolic()).as("another Goal ended: the API's target stays").isEqualTo(125);

        PatientTarget fromAGoal = new PatientTarget(PATIENT, 131, 81, null, null, "Dr Martin", WALL_CLOCK, null,
                "Goal/g1", false);
        engine.targets.pipeInput(PATIENT, fromAGoal.json());
        engine.targets.pipeInput(PATIENT, PatientTarget.endOf(PATIENT, "Goal/g1", WALL_CLOCK).json());
        engine.driver.advanceWallClockTime(PatientDaysProcessor.SEND_EVERY);
        assertThat(lastDocument().targetSystolic()).as("its own Goal ended: back on the home line").isEqualTo(135);
    }

    private PatientDayDocument lastDocument() {
        List<TestRecord<String, byte[]>> records = engine.days.readRecordsToList();
        assertThat(records).as("day documents sent").isNotEmpty();
        return AlertJson.read(records.get(records.size() - 1).value(), PatientDayDocument.class);
    }
}
