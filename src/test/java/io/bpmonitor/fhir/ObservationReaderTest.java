package io.bpmonitor.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/**
 * Every case of {@link ReadingExtractorTest}, as JSON through {@link ObservationReader}: the same reading, or the same
 * refusal. Each also goes through {@link ReadingExtractor} here, so the two cannot drift apart unnoticed; and the
 * valid ones must not need HAPI.
 */
class ObservationReaderTest extends ReadingExtractorTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final ObservationReader reader = new ObservationReader(FHIR);

    private static byte[] json(IBaseResource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
    }

    /** The reader's answer, checked against the extractor's for the same Observation: same reading, same refusal. */
    @Override
    BloodPressureReading read(Object resource) {
        BloodPressureReading expected = null;
        InvalidReadingException refusal = null;
        try {
            expected = extractor.extract(resource);
        } catch (InvalidReadingException e) {
            refusal = e;
        }
        try {
            BloodPressureReading reading = reader.read(resource == null ? null : json((IBaseResource) resource));
            assertThat(refusal).as("the extractor refused what the reader read").isNull();
            assertThat(reading).isEqualTo(expected);
            return reading;
        } catch (InvalidReadingException e) {
            assertThat(refusal).as("the reader refused what the extractor read").isNotNull();
            assertThat(e.getMessage()).isEqualTo(refusal.getMessage());
            throw e;
        }
    }

    @Test
    void validOnesNeedNoHapi() {
        read(observation(152, 97));
        Observation withoutDevice = observation(152, 97);
        withoutDevice.setDevice(null);
        read(withoutDevice);

        assertThat(reader.handedToHapiCount()).as("read without HAPI").isZero();
        assertThat(reader.streamedCount()).isEqualTo(2);
    }

    @Test
    void refusesWhatHapiRefusesWithHapisReason() {
        String valid = new String(json(observation(152, 97)), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> reader.read(valid.replace("\"status\"", "\"bloodPressureMood\":\"grumpy\",\"status\"")
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidReadingException.class)
                .hasMessage("HAPI-1825: Unknown element 'bloodPressureMood' found during parse");
        assertThatThrownBy(() -> reader.read(valid.replace("\"final\"", "\"done\"").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidReadingException.class)
                .hasMessageContaining("Unknown ObservationStatus code 'done'");
        assertThatThrownBy(() -> reader.read(new byte[0]))
                .isInstanceOf(InvalidReadingException.class)
                .hasMessageContaining("Did not find any content to parse");
    }

    /** 1e999999999 is ten bytes; HAPI would write it out as a billion characters and run out of memory. */
    @Test
    void aTimeOfDayWithoutAZoneIsRefusedInADateTimeAndInAPeriod() {
        String valid = new String(json(observation(152, 97)), StandardCharsets.UTF_8);
        String effective = "\"effectiveDateTime\":\"2026-11-29T10:15:30.250+01:00\"";
        assertThat(valid).contains(effective);

        for (String noZone : new String[] {"\"effectiveDateTime\":\"2026-11-29T10:15:30\"",
            "\"effectivePeriod\":{\"start\":\"2026-11-29T10:15:30\"}"}) {
            assertThatThrownBy(() -> reader.read(valid.replace(effective, noZone).getBytes(StandardCharsets.UTF_8)))
                    .as(noZone).isInstanceOf(InvalidReadingException.class).hasMessageContaining("dateTime");
        }
        String period = "\"effectivePeriod\":{\"start\":\"2026-11-29T10:15:30+01:00\",\"end\":\"2026-11-29T10:16:30+01:00\"}";
        assertThat(reader.read(valid.replace(effective, period).getBytes(StandardCharsets.UTF_8)).effectiveAt())
                .isEqualTo(java.time.Instant.parse("2026-11-29T09:15:30Z"));
    }

    @Test
    void refusesANumberTooLongToWriteOutInsteadOfHandingItToHapi() {
        String valid = new String(json(observation(152, 97)), StandardCharsets.UTF_8);
        String[] tooLong = {
            valid.replace("\"value\":152", "\"value\":1e999999999"),
            valid.replace("\"value\":152", "\"value\":-1E-999999999"),
            // where the streaming pass leaves the message to HAPI (a number for a code; single quotes), the guard
            // still applies: HAPI would write these out, the second one as 100,000 characters
            valid.replace("\"status\":\"final\"", "\"status\":1e999999999"),
            valid.replace("\"status\":\"final\"", "'status':'final','note':[{'text':'x','authorString':1e99999}]"),
        };
        for (String json : tooLong) {
            assertThatThrownBy(() -> reader.read(json.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidReadingException.class)
                    .hasMessage(JsonNumbers.TOO_LONG);
        }
        // as a JSON string HAPI reads it without writing it out; the extractor then decides it by its magnitude
        String asText = valid.replace("\"value\":152", "\"value\":\"1e99999999\"");
        assertThatThrownBy(() -> reader.read(asText.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("systolic value is out of any range");
        // long but within bounds: read as before
        String thousandDigits = valid.replace("\"value\":152", "\"value\":1e997");
        assertThatThrownBy(() -> reader.read(thousandDigits.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("systolic value is out of any range");
    }
}
