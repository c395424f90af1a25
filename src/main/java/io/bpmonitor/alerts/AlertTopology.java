package io.bpmonitor.alerts;


import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The alert engine's topology, top to bottom: the classified readings, keyed by patient, into the episode processor,
 * whose events go to the alert topic, and into the patient-days processor, whose day documents go to the days topic.
 * Its state stores, each with a changelog topic:
 * <ul>
 *   <li>{@value #PATIENT_EPISODES}: what decides each patient's episodes ({@link PatientAlerts});</li>
 *   <li>{@value #AWAITING_THE_CLOCK}: the patients with an open alert or an update held back, all the wall clock
 *       has to visit;</li>
 *   <li>{@value #PREVIOUS_RELEASE_TAKEOVER}: whether the partition took over what a previous release left open;</li>
 *   <li>{@value #PATIENT_DAYS}: each patient's readings by day ({@link PatientDay}), keyed patient and date.</li>
 * </ul>
 */
public final class AlertTopology {

    static final String PATIENT_EPISODES = "patient-episodes";
    static final String AWAITING_THE_CLOCK = "patients-awaiting-the-clock";
    static final String PREVIOUS_RELEASE_TAKEOVER = "previous-release-takeover";
    static final String PATIENT_DAYS = "patient-days";

    private AlertTopology() {
    }

    /** @param carriedOver the open alerts of a previous release, or null for none */
    public static Topology build(String readingsTopic, String alertTopic, String patientDaysTopic, Episodes episodes,
                                 HomeRules homeRules, CarriedOverAlerts carriedOver) {
        Topology topology = new Topology();
        // keys left as bytes: the patient is in the value, and most readings are passed by on their header unread
        topology.addSource("classified-readings", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                readingsTopic);
        topology.addProcessor("episodes", () -> new EpisodeProcessor(episodes, carriedOver), "classified-readings");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PATIENT_EPISODES),
                Serdes.String(), patientAlertsSerde()).withCachingEnabled(), "episodes");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AWAITING_THE_CLOCK),
                Serdes.String(), Serdes.ByteArray()), "episodes");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PREVIOUS_RELEASE_TAKEOVER),
                Serdes.String(), Serdes.String()), "episodes");
        topology.addSink("alert-events", alertTopic, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                "episodes");
        topology.addProcessor("patient-days", () -> new PatientDaysProcessor(homeRules), "classified-readings");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PATIENT_DAYS),
                Serdes.String(), jsonSerde(PatientDay.class)).withCachingEnabled(), "patient-days");
        topology.addSink("patient-day-documents", patientDaysTopic, Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "patient-days");
        return topology;
    }

    private static <T> Serde<T> jsonSerde(Class<T> type) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : AlertJson.bytes(value);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : AlertJson.read(bytes, type);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static Serde<PatientAlerts> patientAlertsSerde() {
        Serializer<PatientAlerts> serializer = (topic, state) -> state == null ? null : PatientAlertsCodec.bytes(state);
        Deserializer<PatientAlerts> deserializer = (topic, bytes) -> bytes == null ? null : PatientAlertsCodec.read(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
