package io.bpmonitor.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmonitor.testing.KnownReadings;
import org.junit.jupiter.api.Test;

/**
 * R4's datatypes where HAPI's parser is laxer: ids, date-times, control characters, narratives and one JSON document
 * per message. Each case is read by both paths of {@link ObservationReader} (the streaming pass and HAPI's) and by
 * {@link HapiObservationReader} alone: the same reading or the same reason, which names the element, never the value.
 */
class R4DatatypesTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] BASE = KnownReadings.generate(1, 77).get(0).json();

    private final ObservationReader reader = new ObservationReader(FHIR);
    private final HapiObservationReader hapi = new HapiObservationReader(FHIR);

    private static byte[] with(Consumer<ObjectNode> change) {
        try {
            ObjectNode observation = (ObjectNode) JSON.readTree(BASE);
            change.accept(observation);
            return JSON.writeValueAsBytes(observation);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Replaces a marker put in with {@link #with} by raw JSON text (escapes Jackson would not write). */
    private static byte[] raw(byte[] json, String marker, String replacement) {
        return new String(json, StandardCharsets.UTF_8).replace(marker, replacement).getBytes(StandardCharsets.UTF_8);
    }

    /** Both readers' answer: the reading's id, or "refused: reason"; they must agree. */
    private String read(byte[] json) {
        String fromReader = answer(() -> reader.read(json).observationId());
        assertThat(answer(() -> hapi.read(json).observationId())).as("HAPI's path alone").isEqualTo(fromReader);
        return fromReader;
    }

    private static String answer(java.util.function.Supplier<String> read) {
        try {
            return read.get();
        } catch (InvalidReadingException e) {
            return "refused: " + e.getMessage();
        }
    }

    @Test
    void idsAreOneToSixtyFourOfR4sCharacters() {
        assertThat(read(with(o -> o.put("id", "a".repeat(64))))).isEqualTo("a".repeat(64));
        assertThat(read(with(o -> o.put("id", "Az09-.")))).isEqualTo("Az09-.");
        String tooLong = read(with(o -> o.put("id", "a".repeat(10_000))));
        assertThat(tooLong).isEqualTo("refused: Observation.id: " + FhirDatatypes.NOT_AN_ID).doesNotContain("aaa");
        assertThat(read(with(o -> o.put("id", "a".repeat(65))))).startsWith("refused: Observation.id:");
        assertThat(read(with(o -> o.put("id", "a_b")))).startsWith("refused: Observation.id:");
        assertThat(read(raw(with(o -> o.put("id", "SURROGATE")), "SURROGATE", "o\\ud800")))
                .isEqualTo("refused: Observation.id: holds a lone UTF-16 surrogate (not Unicode text)");
    }

    @Test
    void thePatientIdIsAnR4Id() {
        assertThat(read(with(o -> ((ObjectNode) o.get("subject")).put("reference", "Patient/p\n1"))))
                .isEqualTo("refused: Observation.subject: the Patient id is " + FhirDatatypes.NOT_AN_ID);
        assertThat(read(with(o -> ((ObjectNode) o.get("subject")).put("reference", "Patient/" + "p".repeat(65)))))
                .startsWith("refused: Observation.subject:");
        assertThat(reader.read(with(o -> ((ObjectNode) o.get("subject")).put("reference", "Patient/p-1.a"))).patientId())
                .isEqualTo("p-1.a");
    }

    @Test
    void aDeviceNotNamedByAnR4IdIsNotRecorded() {
        byte[] json = with(o -> o.putObject("device").put("reference", "Device/cuff 7"));
        assertThat(read(json)).doesNotStartWith("refused");
        assertThat(reader.read(json).deviceId()).isNull();
        assertThat(reader.read(with(o -> o.putObject("device").put("reference", "Device/cuff-7"))).deviceId())
                .isEqualTo("cuff-7");
    }

    @Test
    void dateTimesHaveAYearFromOneAndAnOffsetWithTheirTime() {
        String refused = "refused: Observation.effectiveDateTime: " + FhirDatatypes.NOT_A_DATE_TIME;
        assertThat(read(with(o -> o.put("effectiveDateTime", "0000-11-29T10:00:00Z")))).isEqualTo(refused);
        assertThat(read(with(o -> o.put("effectiveDateTime", "2026-11-29T10:00:00")))).isEqualTo(refused);
        assertThat(read(with(o -> o.put("effectiveDateTime", "2026-11-29T10:00:00+15:00")))).isEqualTo(refused);
        assertThat(read(with(o -> o.put("effectiveDateTime", "2026-11-29T10:00:00+14:01")))).isEqualTo(refused);
        assertThat(read(with(o -> o.put("effectiveDateTime", "2026-11-29T10:00:00+14:00")))).doesNotStartWith("refused");
        assertThat(read(with(o -> o.put("effectiveDateTime", "2026-11-29T10:00:00-13:59")))).doesNotStartWith("refused");
        assertThat(read(with(o -> o.put("effectiveDateTime", "0001-01-01T10:00:00Z")))).doesNotStartWith("refused");
        assertThat(read(with(o -> o.put("issued", "2026-11-29T10:00:00"))))
                .isEqualTo("refused: Observation.issued: " + FhirDatatypes.NOT_AN_INSTANT);
        assertThat(read(with(o -> o.put("issued", "2026-11-29"))))
                .isEqualTo("refused: Observation.issued: " + FhirDatatypes.NOT_AN_INSTANT);
    }

    @Test
    void stringsHoldNoControlCharactersButTabAndLineBreaks() {
        assertThat(read(with(o -> o.putArray("note").addObject().put("text", "took it\tafter\r\nlunch"))))
                .doesNotStartWith("refused");
        assertThat(read(with(o -> o.putArray("note").addObject().put("text", "ok \uD83D\uDE00")))) // a pair is fine
                .doesNotStartWith("refused");
        assertThat(read(with(o -> o.putArray("note").addObject().put("text", "bell\u0007"))))
                .isEqualTo("refused: Observation.note.text: holds a control character (only tab, CR and LF are allowed)");
        assertThat(read(with(o -> ((ObjectNode) o.at("/code/coding/0")).put("display", "BP\u0000"))))
                .startsWith("refused: Observation.code.coding.display: holds a control character");
        assertThat(read(with(o -> ((ObjectNode) o.at("/code/coding/0")).put("system", "http://loinc.org\n"))))
                .isEqualTo("refused: Observation.code.coding.system: holds a control character");
    }

    @Test
    void narrativesHoldNoActiveContentAndSomeContent() {
        String div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">%s</div>";
        Consumer<String> accepted = content -> assertThat(read(with(o -> o.putObject("text").put("status", "generated")
                .put("div", String.format(div, content))))).as(content).doesNotStartWith("refused");
        java.util.function.BiConsumer<String, String> refused = (content, why) -> assertThat(read(with(o ->
                o.putObject("text").put("status", "generated").put("div", String.format(div, content)))))
                .as(content).isEqualTo("refused: Observation.text.div: " + why);
        accepted.accept("<p>BP 150/95</p>");
        accepted.accept("<p>BP&#160;150/95 <img src=\"data:image/png;base64,AAAA\" alt=\"\"/></p>");
        accepted.accept("<a href=\"https://example.org/bp\">trend</a>");
        refused.accept("<script>alert(1)</script>", "holds an element that is not basic HTML formatting (txt-1)");
        refused.accept("<p onclick=\"go()\">x</p>", "holds an attribute that is not basic HTML formatting (txt-1)");
        refused.accept("<a href=\"javascript:go()\">x</a>", "holds a link that runs script (txt-1)");
        refused.accept("<a href=\"java&#9;script:go()\">x</a>", "holds a link that runs script (txt-1)");
        refused.accept(" <p> </p>", "has no content (txt-2)");
    }

    /** What tells the streaming pass whether any string needs a look: an escape that can be a control or surrogate. */
    @Test
    void anEscapeThatCanBeAControlCharacterIsFoundWhereverItIs() {
        for (String escape : new String[] {"\\u0007", "\\n", "\\t", "\\r", "\\b", "\\f", "\\ud800"}) {
            for (int at = 0; at < 20; at++) {
                String text = "x".repeat(at) + escape + "x".repeat(20 - at);
                assertThat(Utf8.hasControlEscape(text.getBytes(StandardCharsets.UTF_8))).as(text).isTrue();
            }
        }
        for (String harmless : new String[] {"", "plain", "a \\\"quoted\\\" b", "a\\/b", "c:\\\\users", "\\\\u0007",
            "[]]]]]]]]]]]]]]]]]]]]"}) {
            assertThat(Utf8.hasControlEscape(harmless.getBytes(StandardCharsets.UTF_8))).as(harmless).isFalse();
        }
    }

    @Test
    void aMessageIsOneJsonDocument() {
        String reason = "refused: " + ObservationReader.NOT_ONE_DOCUMENT + " (content after byte " + BASE.length + ")";
        byte[] trailing = (new String(BASE, StandardCharsets.UTF_8) + "xyz").getBytes(StandardCharsets.UTF_8);
        byte[] twice = (new String(BASE, StandardCharsets.UTF_8) + new String(BASE, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        assertThat(answer(() -> reader.read(trailing).observationId())).isEqualTo(reason);
        assertThat(answer(() -> reader.read(twice).observationId())).isEqualTo(reason);
        assertThat(answer(() -> reader.read((new String(BASE, StandardCharsets.UTF_8) + " \n")
                .getBytes(StandardCharsets.UTF_8)).observationId())).doesNotStartWith("refused");
        InvalidReadingException refusal = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> reader.read(trailing), InvalidReadingException.class);
        assertThat(refusal.isNotFhirJson()).isTrue();
    }
}
