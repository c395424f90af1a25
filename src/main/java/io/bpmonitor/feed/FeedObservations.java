package io.bpmonitor.feed;

import static io.bpmonitor.fhir.BloodPressureCodes.LOINC;
import static io.bpmonitor.fhir.BloodPressureCodes.PANELS;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.bpmonitor.fhir.PatientReference;
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
        return "code=" + PANELS.stream().map(panel -> LOINC + "|" + panel).collect(Collectors.joining(","));
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

    /** The Kafka key: the patient's id, from the subject's reference, as the detector reads it; else none. */
    static String patientKey(Observation observation) {
        return PatientReference.idPart(observation.getSubject().getReference());
    }
}
