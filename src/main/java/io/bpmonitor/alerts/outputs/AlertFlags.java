package io.bpmonitor.alerts.outputs;

import java.time.Instant;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.bpmonitor.alerts.Alert;
import io.bpmonitor.alerts.AlertKind;
import io.bpmonitor.alerts.Review;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Reference;

/**
 * An alert as a FHIR R4 {@code Flag} on its patient, written with a conditional update on its identifier
 * ({@code PUT Flag?identifier=urn:bp-monitor:alert|<alert_id>}): the first write creates it, a replay or the resolved
 * record updates the same Flag. {@code Flag}, not {@code DetectedIssue}: it is what an EHR shows as a banner on the
 * patient. It is {@code active} while the alert is open, and while an urgent alert (crisis, low pressure) waits for a
 * clinician to close it, though its episode ended: silence never takes it down. It is {@code inactive} once resolved
 * (urgent: once closed, the outcome in its text); the triggering Observations are referenced through the standard
 * {@code flag-detail} extension.
 */
public class AlertFlags {

    public static final String IDENTIFIER_SYSTEM = "urn:bp-monitor:alert";
    public static final String FLAG_DETAIL = "http://hl7.org/fhir/StructureDefinition/flag-detail";
    /** camel-fhir reads an API method's parameter from the header {@code CamelFhir.<name>}. */
    static final String SEARCH_URL_HEADER = "CamelFhir.url";

    private static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/flag-category";
    private static final String SNOMED = "http://snomed.info/sct";

    /** Body: the Flag; {@value #SEARCH_URL_HEADER}: the search that finds it if it exists. */
    public void flag(Exchange exchange) {
        Alert alert = exchange.getProperty(AlertIntake.ALERT, Alert.class);
        Message message = exchange.getMessage();
        message.removeHeaders("*", "Camel*");
        message.setHeader(SEARCH_URL_HEADER, "Flag?identifier=" + IDENTIFIER_SYSTEM + "|" + alert.alertId());
        try {
            message.setBody(toFlag(alert));
        } catch (DataFormatException e) {
            // no server will ever take it: refused, not retried
            throw new AlertRefusedException("Unreadable alert: opened_at or resolved_at is not a FHIR dateTime");
        }
    }

    /** A value, or a dash where a partial reading had none. */
    private static String pressure(Integer value) {
        return value == null ? "—" : value.toString();
    }

    static Flag toFlag(Alert alert) {
        Flag flag = new Flag();
        flag.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(alert.alertId());
        flag.setStatus(switch (alert.status()) {
            case OPEN -> Flag.FlagStatus.ACTIVE;
            case RESOLVED -> alert.waitsForAClose() ? Flag.FlagStatus.ACTIVE : Flag.FlagStatus.INACTIVE;
            // every reading it stood on was entered in error
            case WITHDRAWN -> Flag.FlagStatus.ENTEREDINERROR;
        });
        Review review = alert.review();
        flag.addCategory().addCoding().setSystem(CATEGORY_SYSTEM).setCode("clinical").setDisplay("Clinical");
        Concept concept = Concept.of(alert.kind());
        flag.getCode().addCoding().setSystem(SNOMED).setCode(concept.snomed()).setDisplay(concept.display());
        // the home rule's values are 7-day means; the others' the worst reading
        flag.getCode().setText(concept.text() + (alert.kind() == AlertKind.SUSTAINED ? ": 7-day mean up to " : ": worst ")
                + pressure(alert.systolic()) + "/" + pressure(alert.diastolic()) + " mmHg over "
                + alert.readings() + " reading" + (alert.readings() == 1 ? "" : "s")
                // ESH 2023: a number alone does not make an emergency
                + (alert.kind() == AlertKind.CRISIS || alert.kind() == AlertKind.HYPOTENSION
                        ? "; repeat the measurement and check for symptoms" : "")
                // the outcome, not the note: the note stays in bp-monitor's audit trail
                + (review.isClosed() ? "; closed by " + review.by() + ": " + review.outcome().label() : ""));
        flag.setSubject(new Reference("Patient/" + alert.patientId()));
        flag.getPeriod().setStartElement(new DateTimeType(alert.openedAt().toString()));
        if (flag.getStatus() == Flag.FlagStatus.INACTIVE) {
            Instant ended = review.isClosed() ? review.at() : alert.resolvedAt();
            flag.getPeriod().setEndElement(new DateTimeType(ended.toString()));
        }
        for (String observation : alert.observationIds()) {
            flag.addExtension(FLAG_DETAIL, new Reference("Observation/" + observation));
        }
        return flag;
    }

    /**
     * After camel-fhir failed: what the server said decides, as for the webhook. 408, 429, 5xx and no answer at all
     * are "not now"; any other status is a refusal for good (an unknown patient, a Flag the server's rules reject).
     */
    public void failed(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        BaseServerResponseException answer = serverAnswer(caught);
        int status = answer == null ? 0 : answer.getStatusCode();
        if (status == 0 || AlertWebhook.retryable(status)) {
            throw new AlertOutputUnavailableException("The FHIR server " + (status == 0
                    ? "could not be reached (" + (caught == null ? "no answer" : rootCause(caught)) + ")"
                    : "answered HTTP " + status));
        }
        throw new AlertRefusedException("The FHIR server refused the Flag with HTTP " + status);
    }

    private static BaseServerResponseException serverAnswer(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof BaseServerResponseException answer) {
                return answer;
            }
        }
        return null;
    }

    private static String rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    /** What a Flag of each kind of alert says: its SNOMED CT concept and the text a clinician reads. */
    private record Concept(String snomed, String display, String text) {
        static Concept of(AlertKind kind) {
            return switch (kind) {
                case CRISIS -> new Concept("706882009", "Hypertensive crisis", "Hypertensive crisis");
                case SUSTAINED -> new Concept("38341003", "Hypertensive disorder, systemic arterial",
                        "Sustained hypertension at home");
                case HYPOTENSION -> new Concept("45007003", "Low blood pressure", "Low blood pressure");
                case REPEATED -> new Concept("38341003", "Hypertensive disorder, systemic arterial",
                        "Repeated high readings");
            };
        }
    }
}
