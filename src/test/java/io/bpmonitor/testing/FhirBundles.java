package io.bpmonitor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** FHIR Bundles of Observations, each entry a {@code POST Observation}, as gateways send them. */
public final class FhirBundles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FhirBundles() {
    }

    /** @param type {@code batch} or {@code transaction} */
    public static byte[] of(String type, List<byte[]> observations) {
        try {
            ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", type);
            ArrayNode entries = bundle.putArray("entry");
            for (byte[] observation : observations) {
                ObjectNode entry = entries.addObject();
                entry.set("resource", JSON.readTree(observation));
                entry.putObject("request").put("method", "POST").put("url", "Observation");
            }
            return JSON.writeValueAsBytes(bundle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
