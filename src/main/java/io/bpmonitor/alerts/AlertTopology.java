package io.bpmonitor.alerts;


import io.bpmonitor.rules.PatientTarget;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The alert engine's topology, top to bottom: the classified readings and the patients' targets, keyed by patient,
 * into the patient-days processor, whose day documents go to the days topic and which hands each reading, with the 7
 * days it leaves, to the episode processor; the clinicians' review actions, read off their topic, into the same
 * episode processor, whose events go to the alert topic. Its state stores, each with a changelog topic:
 * <ul>
 *   <li>{@value #PATIENT_EPISODES}: what decides each patient's episodes ({@link PatientAlerts});</li>
 *   <li>{@value #ALERT_READINGS}: the readings each patient's latest alerts took ({@link TakenReadings});</li>
 *   <li>{@value #ALERTS_AWAITING_REVIEW}: every alert not closed by a clinician yet, by alert id, as last sent;</li>
 *   <li>{@value #AWAITING_THE_CLOCK}: the patients with an open alert or an update held back, all the wall clock
 *       has to visit;</li>
 *   <li>{@value #PREVIOUS_RELEASE_TAKEOVER}: whether the partition took over what a previous release left open;</li>
 *   <li>{@value #PATIENT_TARGETS}: each patient's own target, as the targets topic last had it;</li>
 *   <li>{@value #PATIENT_DAYS}: each patient's days in sums ({@link DaySums}), keyed patient and date;</li>
 *   <li>{@value #PATIENT_DAY_CHUNKS}: the readings of each day in chunks, keyed patient, date and chunk
 *       ({@link DayReadings});</li>
 *   <li>{@value #PATIENT_DAYS_TO_SEND}: the days whose document is to go out at the next tick.</li>
 * </ul>
 */
public final class AlertTopology {

    static final String PATIENT_EPISODES = "patient-episodes";
    static final String ALERT_READINGS = "alert-readings";
    static final String ALERTS_AWAITING_REVIEW = "alerts-awaiting-review";
    static final String AWAITING_THE_CLOCK = "patients-awaiting-the-clock";
    static final String PREVIOUS_RELEASE_TAKEOVER = "previous-release-takeover";
    static final String PATIENT_DAYS = "patient-days";
    static final String PATIENT_TARGETS = "patient-targets";
    static final String PATIENT_DAYS_TO_SEND = "patient-days-to-send";
    static final String PATIENT_DAY_CHUNKS = "patient-day-chunks";
    static final String EPISODES = "episodes";
    static final String PATIENT_DAY_DOCUMENTS = "patient-day-documents";

    private AlertTopology() {
    }

    /**
     * The engine's topics: what it reads (readings, targets, review actions) and what it writes (alert events, day
     * documents).
     */
    public record Topics(String readings, String patientTargets, String reviews, String alerts, String patientDays) {
    }

    /** @param carriedOver the open alerts of a previous release, or null for none */
    public static Topology build(Topics topics, Episodes episodes, Reviews reviews, HomeRules homeRules,
                                 CarriedOverAlerts carriedOver) {
        Topology topology = new Topology();
        // keys left as bytes: the patient is in the value
        topology.addSource("classified-readings", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                topics.readings());
        // partitioned like the readings, so a patient's target is in the task of the patient's readings
        topology.addSource("patient-targets", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                topics.patientTargets());
        topology.addProcessor("patient-days", () -> new PatientDaysProcessor(homeRules, topics.patientTargets()),
                "classified-readings", "patient-targets");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PATIENT_TARGETS),
                Serdes.String(), Serdes.serdeFrom((topic, target) -> target == null ? null : target.json(),
                        (topic, bytes) -> bytes == null ? null : PatientTarget.fromJson(bytes))).withCachingEnabled(),
                "patient-days");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PATIENT_DAYS),
                Serdes.String(), Serdes.serdeFrom((topic, day) -> day == null ? null : PatientDayCodec.bytes(day),
                        (topic, bytes) -> bytes == null ? null : PatientDayCodec.day(bytes))).withCachingEnabled(),
                "patient-days");
        // a chunk per record and day, each written once: not cached
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PATIENT_DAY_CHUNKS),
                Serdes.String(), Serdes.ByteArray()), "patient-days");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PATIENT_DAYS_TO_SEND),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), "patient-days");
        topology.addSink(PATIENT_DAY_DOCUMENTS, topics.patientDays(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "patient-days");
        // keyed by patient like the readings: an action reaches the task that holds its alert
        topology.addSource("alert-reviews", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                topics.reviews());
        topology.addProcessor("review-actions", ReviewActionReader::new, "alert-reviews");
        topology.addProcessor(EPISODES, () -> new EpisodeProcessor(episodes, reviews, carriedOver), "patient-days",
                "review-actions");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PATIENT_EPISODES),
                Serdes.String(), patientAlertsSerde()).withCachingEnabled(), EPISODES);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERT_READINGS),
                Serdes.String(), Serdes.serdeFrom(
                        (topic, reading) -> reading == null ? null : PatientAlertsCodec.bytes(reading),
                        (topic, bytes) -> bytes == null ? null : PatientAlertsCodec.reading(bytes))), EPISODES);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERTS_AWAITING_REVIEW),
                Serdes.String(), Serdes.serdeFrom((topic, alert) -> alert == null ? null : PatientAlertsCodec.bytes(alert),
                        (topic, bytes) -> bytes == null ? null : PatientAlertsCodec.alert(bytes))), EPISODES);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AWAITING_THE_CLOCK),
                Serdes.String(), Serdes.ByteArray()), EPISODES);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PREVIOUS_RELEASE_TAKEOVER),
                Serdes.String(), Serdes.String()), EPISODES);
        topology.addSink("alert-events", topics.alerts(), Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                EPISODES);
        return topology;
    }

    private static Serde<PatientAlerts> patientAlertsSerde() {
        Serializer<PatientAlerts> serializer = (topic, state) -> state == null ? null : PatientAlertsCodec.bytes(state);
        Deserializer<PatientAlerts> deserializer = (topic, bytes) -> bytes == null ? null : PatientAlertsCodec.read(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
