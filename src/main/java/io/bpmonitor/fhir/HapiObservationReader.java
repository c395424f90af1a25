package io.bpmonitor.fhir;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;

/**
 * The detector's reading path as the YAML route has it: HAPI's strict JSON parse ({@code unmarshal: fhirJson} with
 * {@link StrictErrorHandler}, a new parser per message) into the R4 model, R4's datatypes where HAPI is laxer
 * ({@link ModelDatatypes}), then {@link ReadingExtractor}. Every
 * refusal becomes an {@link InvalidReadingException} with the message the route's dead letter carries as its reason
 * (HAPI's own text for parse errors); the original exception is its cause.
 *
 * <p>The fallback of {@link ObservationReader}, and the reference the tests and the benchmark compare it with.
 */
public final class HapiObservationReader {

    private final FhirContext r4;
    private final StrictErrorHandler strict = new StrictErrorHandler();
    private final ReadingExtractor extractor = new ReadingExtractor();
    private final ModelDatatypes datatypes;

    public HapiObservationReader(FhirContext r4) {
        this.r4 = r4;
        this.datatypes = new ModelDatatypes(r4);
    }

    /**
     * @throws InvalidReadingException what the route would dead-letter, with its reason
     */
    public BloodPressureReading read(byte[] json) {
        if (json == null) {
            return extractor.extract(null); // "not an Observation: empty body"
        }
        try {
            IParser parser = r4.newJsonParser();
            parser.setParserErrorHandler(strict);
            // FHIR JSON is UTF-8; the route's data format uses the JVM default, which is UTF-8 in our images
            IBaseResource resource = parser.parseResource(
                    new InputStreamReader(new ByteArrayInputStream(json), StandardCharsets.UTF_8));
            if (resource instanceof Observation observation) {
                datatypes.check(observation);
            }
            return extractor.extract(resource);
        } catch (InvalidReadingException e) {
            throw e;
        } catch (RuntimeException e) { // DataFormatException, mostly
            throw InvalidReadingException.notFhirJson(e.getMessage(), e);
        }
    }
}
