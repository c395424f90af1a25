package io.bpmonitor.ingest;

import static io.bpmonitor.fhir.BloodPressureCodes.DEVICE_REFERENCE_PREFIX;
import static io.bpmonitor.fhir.BloodPressureCodes.PATIENT_REFERENCE_PREFIX;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.fhir.FhirDatatypes;

/**
 * The patients and devices a request names without a server id, made into the {@code Patient/<id>} and
 * {@code Device/<id>} references every reading carries: the Patient and Device entries of a transaction (a PHD
 * upload, whose Observations point at them by their {@code urn:uuid} fullUrl), and a subject given only by an
 * identifier. A patient is named by an identifier of the trusted system only
 * ({@code BP_INGEST_PATIENT_IDENTIFIER_SYSTEM}); its value is the patient's id.
 */
final class LocalReferences {

    private final String trustedSystem;
    private final Map<String, String> byFullUrl = new HashMap<>();
    private boolean patients;

    /** @param trustedSystem the identifier system whose values are patient ids; empty when there is none */
    LocalReferences(String trustedSystem) {
        this.trustedSystem = trustedSystem;
    }

    /** Whether a Patient entry was read: the request is a PHD upload. */
    boolean hasPatients() {
        return patients;
    }

    /** A Patient entry: the patient its trusted identifier names, as a reference, or a refusal. */
    String patient(JsonNode patient, String fullUrl, String where) {
        patients = true;
        String id = trustedValue(patient.path("identifier"));
        if (id == null) {
            throw new IngestRefusal(422, "invalid", "the Patient has no identifier of the trusted system"
                    + " (BP_INGEST_PATIENT_IDENTIFIER_SYSTEM) whose value is an id", where + ".identifier");
        }
        return remember(fullUrl, PATIENT_REFERENCE_PREFIX + id);
    }

    /**
     * A Device entry: its first identifier whose value is an R4 id (a PHD device's EUI-64), else its own id; null when
     * neither names it, and its readings are kept without a device (as with any reference the reader cannot use).
     */
    String device(JsonNode device, String fullUrl) {
        String id = null;
        for (JsonNode identifier : device.path("identifier")) {
            String value = identifier.path("value").asText("");
            if (id == null && FhirDatatypes.isId(value)) {
                id = value;
            }
        }
        if (id == null && FhirDatatypes.isId(device.path("id").asText(""))) {
            id = device.path("id").asText();
        }
        return id == null ? null : remember(fullUrl, DEVICE_REFERENCE_PREFIX + id);
    }

    /** Points the Observation's subject and device at what the request named; leaves any other reference alone. */
    void resolve(ObjectNode observation) {
        if (observation.get("subject") instanceof ObjectNode subject) {
            String reference = subject.path("reference").asText("");
            String trusted = reference.isEmpty() ? trustedValue(subject.path("identifier")) : null;
            if (byFullUrl.containsKey(reference)) {
                subject.put("reference", byFullUrl.get(reference));
            } else if (trusted != null) {
                subject.put("reference", PATIENT_REFERENCE_PREFIX + trusted);
            }
        }
        if (observation.get("device") instanceof ObjectNode device
                && byFullUrl.containsKey(device.path("reference").asText(""))) {
            device.put("reference", byFullUrl.get(device.path("reference").asText()));
        }
    }

    private String remember(String fullUrl, String reference) {
        if (fullUrl != null && !fullUrl.isEmpty()) {
            byFullUrl.put(fullUrl, reference);
        }
        return reference;
    }

    /** The value of the first identifier of the trusted system (one Identifier or an array of them), if an id. */
    private String trustedValue(JsonNode identifiers) {
        if (trustedSystem.isEmpty()) {
            return null;
        }
        for (JsonNode identifier : identifiers.isArray() ? identifiers : java.util.List.of(identifiers)) {
            String value = identifier.path("value").asText("");
            if (trustedSystem.equals(identifier.path("system").asText()) && FhirDatatypes.isId(value)) {
                return value;
            }
        }
        return null;
    }
}
