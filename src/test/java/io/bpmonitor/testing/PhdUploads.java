package io.bpmonitor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A PHD upload as the HL7 Personal Health Device IG has a gateway send it: one transaction with the Patient and the
 * Device as conditional creates, and the measurements pointing at them by their {@code urn:uuid} fullUrls: a
 * blood-pressure reading and a pulse rate taken with it.
 */
public final class PhdUploads {

    public static final String PATIENT_URL = "urn:uuid:5b6c1f0e-7a43-4d0e-9a57-2f1b8f3c0d11";
    public static final String DEVICE_URL = "urn:uuid:9e0d4c2a-13b5-4f6e-8c7d-6a5b4c3d2e1f";
    /** The EUI-64 system-id a PHD device carries as its identifier. */
    public static final String EUI_64_SYSTEM = "urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PhdUploads() {
    }

    /**
     * @param bloodPressure an Observation of the simulator's, whose subject and device are pointed at the entries
     * @param mrnSystem     the patient identifier's system
     */
    public static byte[] of(byte[] bloodPressure, String mrnSystem, String mrn, String eui64) {
        try {
            ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "transaction");
            ArrayNode entries = bundle.putArray("entry");
            ObjectNode patient = entry(entries, PATIENT_URL, "Patient", "identifier=" + mrnSystem + "|" + mrn);
            patient.putArray("identifier").addObject().put("system", mrnSystem).put("value", mrn);
            ObjectNode device = entry(entries, DEVICE_URL, "Device", "identifier=" + EUI_64_SYSTEM + "|" + eui64);
            device.putArray("identifier").addObject().put("system", EUI_64_SYSTEM).put("value", eui64);
            device.putArray("deviceName").addObject().put("name", "Upper-arm cuff").put("type", "model-name");

            ObjectNode reading = (ObjectNode) JSON.readTree(bloodPressure);
            reading.remove("id");
            reading.putObject("subject").put("reference", PATIENT_URL);
            reading.putObject("device").put("reference", DEVICE_URL);
            entry(entries, "urn:uuid:c1a8e2f4-5d6b-4a7c-8e9f-0a1b2c3d4e5f", "Observation", null).setAll(reading);

            ObjectNode pulse = entry(entries, "urn:uuid:d2b9f3a5-6e7c-4b8d-9f0a-1b2c3d4e5f60", "Observation", null);
            pulse.put("status", "final");
            pulse.putObject("code").putArray("coding").addObject().put("system", "http://loinc.org").put("code", "8867-4");
            pulse.putObject("subject").put("reference", PATIENT_URL);
            pulse.set("effectiveDateTime", reading.get("effectiveDateTime"));
            pulse.putObject("valueQuantity").put("value", 72).put("unit", "/min")
                    .put("system", "http://unitsofmeasure.org").put("code", "/min");
            return JSON.writeValueAsBytes(bundle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode entry(ArrayNode entries, String fullUrl, String type, String ifNoneExist) {
        ObjectNode entry = entries.addObject().put("fullUrl", fullUrl);
        ObjectNode resource = entry.putObject("resource").put("resourceType", type);
        ObjectNode request = entry.putObject("request").put("method", "POST").put("url", type);
        if (ifNoneExist != null) {
            request.put("ifNoneExist", ifNoneExist);
        }
        return resource;
    }
}
