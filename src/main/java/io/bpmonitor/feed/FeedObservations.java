package io.bpmonitor.feed;

import static io.bpmonitor.fhir.BloodPressureCodes.LOINC;
import static io.bpmonitor.fhir.BloodPressureCodes.PANEL;
import static io.bpmonitor.fhir.BloodPressureCodes.PATIENT_REFERENCE_PREFIX;

import java.nio.charset.StandardCharsets;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.hl7.fhir.r4.model.Observation;

/**
 * Blood-pressure panels, sent as they are to the route's topic keyed by patient (like the simulator's and the FHIR
 * endpoint's readings): the detector checks them as any other.
 */
public final class FeedObservations implements FeedResource<Observation> {

    private final IParser json;

    public FeedObservations(FhirContext fhir) {
        this.json = fhir.newJsonParser();
    }

    @Override
    public Class<Observation> type() {
        return Observation.class;
    }

    @Override
    public String criteria() {
        return "code=" + LOINC + "|" + PANEL;
    }

    /** The server's own key: where the feed kept its cursor before it read anything but Observations. */
    @Override
    public String cursorKey(FeedServer server) {
        return server.key();
    }

    @Override
    public Message message(Observation observation, CamelContext context) {
        Message message = new DefaultMessage(context);
        message.setHeader(KafkaConstants.KEY, patientKey(observation));
        message.setBody(json.encodeResourceToString(observation).getBytes(StandardCharsets.UTF_8));
        return message;
    }

    /** The Kafka key: the patient's id, from {@code subject: Patient/<id>}, as the detector reads it; else none. */
    static String patientKey(Observation observation) {
        String reference = observation.getSubject().getReference();
        return reference != null && reference.startsWith(PATIENT_REFERENCE_PREFIX)
                ? reference.substring(PATIENT_REFERENCE_PREFIX.length()) : null;
    }
}
