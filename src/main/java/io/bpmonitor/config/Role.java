package io.bpmonitor.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What an instance does, chosen with {@code BP_ROUTES}; {@link Roles} derives everything else from the choice. */
public enum Role {
    /** Publishes synthetic readings: routes {@code simulator*}. */
    SIMULATOR,
    /** Classifies readings and indexes the anomalies: routes {@code detector*}. */
    DETECTOR,
    /** Takes readings from devices and gateways over FHIR HTTP: routes {@code ingest*}. */
    INGEST,
    /** Reads new readings from a FHIR server (an EHR) with camel-fhir: routes {@code feed*}. */
    FEED,
    /**
     * The alert engine (Kafka Streams over the detector's classified readings), the projection of its events into the
     * alert index and the alert outputs: routes {@code alerts*}. Implied by the detector unless BP_ALERTS_ENABLED=false;
     * run alone to scale the alerts apart from the detectors.
     */
    ALERTS,

    /**
     * Puts chosen dead letters back on the readings' topic, then stops the application: route {@code replay}. Runs
     * alone, since it ends the process when done; its route never starts by itself ({@code DeadLetterReplay} starts it
     * once it has taken the plan), so other roles need not filter it out.
     */
    REPLAY,

    /** Takes readings from bedside monitors as HL7 v2 ORU^R01 over MLLP (IHE PCD-01): routes {@code hl7*}. */
    HL7;

    /** Whether the route filter must leave this role's routes out where the role does not run. */
    boolean startsByItself() {
        return this != REPLAY;
    }

    /** The prefix of the ids of this role's routes. */
    public String routePrefix() {
        return name().toLowerCase(Locale.ROOT);
    }

    static List<String> names() {
        return Arrays.stream(values()).map(Role::routePrefix).toList();
    }
}
