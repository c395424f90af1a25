package io.bpmonitor.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.model.primitive.XhtmlDt;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.junit.jupiter.api.Test;

/** The streaming reader's pieces, each against the HAPI or JDK behaviour it stands in for. */
class ObservationReaderPartsTest {

    @Test
    void canonicalDateTimesGiveHapisInstant() {
        Random random = new Random(21);
        String[] offsets = {"Z", "+00:00", "-00:00", "+01:00", "-05:30", "+14:00", "-12:00", "+23:59", "-23:59"};
        for (int i = 0; i < 20_000; i++) {
            int year = 1600 + random.nextInt(8400);
            int month = 1 + random.nextInt(12);
            int day = 1 + random.nextInt(31);
            String fraction = switch (random.nextInt(4)) {
                case 0 -> "";
                default -> "." + String.valueOf(random.nextLong() & Long.MAX_VALUE).substring(0, 1 + random.nextInt(9));
            };
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", year, month, day, random.nextInt(24),
                    random.nextInt(60), random.nextInt(60), fraction, offsets[random.nextInt(offsets.length)]);
            assertSameAsHapi(text);
        }
    }

    @Test
    void whatIsNotCanonicalIsLeftToHapi() {
        String[] others = {
            "2026-11-29", "2026-11-29T10:00:00", "2026-11-29T10:00Z", "2026-11-29T10:00:60Z", "2026-02-29T10:00:00Z",
            "2026-11-31T10:00:00Z", "1582-10-10T10:00:00Z", "1599-12-31T23:59:59Z", "2026-11-29T24:00:00Z",
            "2026-11-29T10:00:00.Z", "2026-11-29T10:00:00.1234567890Z", "2026-11-29T10:00:00.12a+01:00",
            "2026-11-29T10:00:00+0100", "2026-11-29T10:00:00+01", "2026-11-29T10:00:00+24:00", "+026-11-29T10:00:00Z",
            " 2026-11-29T10:00:00Z", "2026-11-29T10:00:00z", "2026-11-29t10:00:00Z", "2026-11-29T10:00:00ZZ",
        };
        for (String text : others) {
            assertThat(FhirDateTimes.epochMillis(text)).as(text).isEqualTo(FhirDateTimes.NOT_CANONICAL);
        }
        assertThat(FhirDateTimes.epochMillis("2024-02-29T12:00:00Z")).isEqualTo(1_709_208_000_000L);
        assertSameAsHapi("2024-02-29T12:00:00.5-01:00");
    }

    @Test
    void canonicalDatesAreOnesHapisDateTypesParse() {
        Random random = new Random(26);
        int canonical = 0;
        for (int i = 0; i < 20_000; i++) {
            String text = String.format("%04d-%02d-%02d", 1500 + random.nextInt(8500), random.nextInt(14),
                    random.nextInt(33));
            if (FhirDateTimes.isCanonicalDate(text)) {
                canonical++;
                new org.hl7.fhir.r4.model.DateType().setValueAsString(text); // throws if HAPI would refuse it
                new DateTimeType().setValueAsString(text);
                new InstantType().setValueAsString(text);
            } else { // left to HAPI: a year before 1600, or a date HAPI refuses too
                assertThat(text.compareTo("1600") < 0 || refusedAsDate(text)).as(text).isTrue();
            }
        }
        assertThat(canonical).isGreaterThan(10_000);
        assertThat(FhirDateTimes.isCanonicalDate("2026-11-29T10:00:00Z")).isFalse();
        assertThat(FhirDateTimes.isCanonicalDate("2026-1-29")).isFalse();
    }

    private static boolean refusedAsDate(String text) {
        try {
            new org.hl7.fhir.r4.model.DateType().setValueAsString(text);
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static void assertSameAsHapi(String text) {
        long millis = FhirDateTimes.epochMillis(text);
        if (!FhirDatatypes.DATE_TIME.matcher(text).matches()) {
            assertThat(millis).as(text + " is refused by R4").isEqualTo(FhirDateTimes.NOT_CANONICAL);
            return;
        }
        DateTimeType hapi;
        try {
            hapi = new DateTimeType();
            hapi.setValueAsString(text);
            new InstantType().setValueAsString(text);
        } catch (RuntimeException e) {
            assertThat(millis).as(text + " is refused by HAPI").isEqualTo(FhirDateTimes.NOT_CANONICAL);
            return;
        }
        assertThat(millis).as(text).isEqualTo(hapi.getValue().getTime());
        assertThat(hapi.getPrecision().ordinal()).as(text).isGreaterThanOrEqualTo(TemporalPrecisionEnum.SECOND.ordinal());
    }

    @Test
    void wellFormedUtf8IsWhatTheJdkDecodesStrictly() {
        Random random = new Random(22);
        byte[][] samples = new byte[30_000][];
        for (int i = 0; i < samples.length; i++) {
            byte[] bytes = new byte[random.nextInt(24)];
            for (int j = 0; j < bytes.length; j++) {
                // mostly ASCII, with lead and continuation bytes often enough to hit every rule
                bytes[j] = (byte) (random.nextInt(3) == 0 ? 0x80 + random.nextInt(0x80) : random.nextInt(0x80));
            }
            samples[i] = bytes;
        }
        String[] valid = {"", "blood pressure", "37 °C", "Blutdruck gemessen – ok", "血压", "𝄞 and 🙂", "\u0000"};
        for (String text : valid) {
            assertThat(Utf8.isWellFormed(text.getBytes(StandardCharsets.UTF_8))).as(text).isTrue();
        }
        int wellFormed = 0;
        for (byte[] bytes : samples) {
            boolean jdk = decodesStrictly(bytes);
            assertThat(Utf8.isWellFormed(bytes)).isEqualTo(jdk);
            wellFormed += jdk ? 1 : 0;
        }
        assertThat(wellFormed).isBetween(3_000, 27_000);
        for (byte[] malformed : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                {'a', (byte) 0xC3}}) {
            assertThat(Utf8.isWellFormed(malformed)).isFalse();
        }
    }

    private static boolean decodesStrictly(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void plainLengthIsTheLengthOfToPlainString() {
        Random random = new Random(23);
        for (int i = 0; i < 10_000; i++) {
            BigDecimal value = new BigDecimal(new java.math.BigInteger(random.nextInt(80), random),
                    random.nextInt(400) - 200); // zero now and then too
            if (random.nextBoolean()) {
                value = value.negate();
            }
            assertThat(JsonNumbers.plainLength(value)).as(value.toString()).isEqualTo(value.toPlainString().length());
        }
        assertThat(JsonNumbers.tooLong(new BigDecimal("1e999"))).isFalse();
        assertThat(JsonNumbers.tooLong(new BigDecimal("1e1000"))).isTrue();
        assertThat(JsonNumbers.tooLong(new BigDecimal("1e-999999999"))).isTrue();
    }

    private static final R4Elements R4 = new R4Elements(FhirContext.forR4Cached());
    private static final String[] ELEMENTS = {"p", "b", "i", "em", "strong", "span", "div", "table", "tbody", "tr",
        "td", "th", "ul", "ol", "li", "h1", "h3", "a", "br", "sub", "sup", "code", "pre", "blockquote", "small"};
    private static final String[] ATTRIBUTES = {"class", "style", "title", "lang", "colspan", "href", "name"};
    private static final String TEXT = "abc XYZ 0123 .,;:!?-_/()[]{}'=+*%$#@~^|`\\\t\n°éß€血\uFFFD";

    /** Random narratives in the simple form: recognised as simple, and accepted by both of HAPI's parsers. */
    @Test
    void simpleNarrativesAreOnesBothOfHapisXhtmlParsersAccept() {
        Random random = new Random(24);
        for (int i = 0; i < 1_500; i++) {
            String div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + content(random, 0) + "x</div>";
            assertThat(SimpleXhtml.isSimple(div)).as(div).isTrue();
            assertThat(hapiRefusal(div)).as(div).isNull();
        }
        String[] notSimple = {
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"></div>", "<div xmlns=\"http://www.w3.org/1999/xhtml\"> <p>\n</p></div>",
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\" JavaScript:go()\">x</a></div>",
            "<div>x</div>", "<div xmlns=\"http://www.w3.org/1999/xhtml\">a &amp; b</div>",
            "<div xmlns=\"http://www.w3.org/1999/xhtml\">\u0001</div>", "<div xmlns=\"http://www.w3.org/1999/xhtml\"><br></div>",
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><P>x</P></div>", "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>x</div>",
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><img src=\"x\"/></div>", "<div xmlns=\"http://www.w3.org/1999/xhtml\"><!-- c --></div>",
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p class=\"a\" class=\"b\">x</p></div>",
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><span href=\"x\">x</span></div>",
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"></p></div>", " <div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>",
        };
        for (String div : notSimple) {
            assertThat(SimpleXhtml.isSimple(div)).as(div).isFalse();
        }
    }

    /** The property that matters: whatever the scan calls simple, HAPI accepts; checked on random damage. */
    @Test
    void nothingHapiRefusesIsCalledSimple() {
        Random random = new Random(25);
        String edits = "<>/&\"= apb\u0001;#";
        int simple = 0;
        int refusedByHapi = 0;
        for (int i = 0; i < 40_000; i++) {
            StringBuilder div = new StringBuilder("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + content(random, 0)
                    + "</div>");
            for (int e = 1 + random.nextInt(2); e > 0; e--) {
                int at = random.nextInt(div.length());
                switch (random.nextInt(3)) {
                    case 0 -> div.deleteCharAt(at);
                    case 1 -> div.insert(at, edits.charAt(random.nextInt(edits.length())));
                    default -> div.setCharAt(at, edits.charAt(random.nextInt(edits.length())));
                }
            }
            String damaged = div.toString();
            if (SimpleXhtml.isSimple(damaged)) {
                simple++;
                assertThat(hapiRefusal(damaged)).as(damaged).isNull();
            } else if (random.nextInt(20) == 0 && hapiRefusal(damaged) != null) {
                refusedByHapi++;
            }
        }
        assertThat(simple).isGreaterThan(2_500);
        assertThat(refusedByHapi).isGreaterThan(200);
    }

    private static String content(Random random, int depth) {
        StringBuilder content = new StringBuilder();
        for (int n = random.nextInt(4); n > 0; n--) {
            if (depth >= 4 || random.nextBoolean()) {
                for (int j = random.nextInt(12); j > 0; j--) {
                    content.append(TEXT.charAt(random.nextInt(TEXT.length())));
                }
            } else {
                String name = ELEMENTS[random.nextInt(ELEMENTS.length)];
                content.append('<').append(name);
                java.util.Set<String> used = new java.util.HashSet<>();
                for (int a = random.nextInt(3); a > 0; a--) {
                    String attribute = ATTRIBUTES[random.nextInt(name.equals("a") ? ATTRIBUTES.length : 5)];
                    if (used.add(attribute)) {
                        content.append(' ').append(attribute).append("=\"").append(content(random, 99)).append('"');
                    }
                }
                if (random.nextInt(4) == 0) {
                    content.append("/>");
                } else {
                    content.append('>').append(content(random, depth + 1)).append("</").append(name).append('>');
                }
            }
        }
        return content.toString();
    }

    /** HAPI's two checks of a narrative, as its parser makes them; null when both accept. */
    private static String hapiRefusal(String div) {
        try {
            XhtmlDt dt = new XhtmlDt();
            dt.setValueAsString(div);
            R4.observation.element("text").type.element("div").newXhtml().setValueAsString(dt.getValueAsString());
            return null;
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }

    @Test
    void r4ElementsAreHapisDefinitionsWithoutTheAliases() {
        R4Elements r4 = R4;

        assertThat(r4.observation.element("bloodPressureMood")).isNull();
        assertThat(r4.observation.element("status").check).isEqualTo(R4Elements.Check.ENUMERATION);
        assertThat(r4.observation.element("subject").kind).isEqualTo(R4Elements.Kind.COMPOSITE);
        assertThat(r4.observation.element("subjectResource").kind).isEqualTo(R4Elements.Kind.UNSUPPORTED);
        assertThat(r4.observation.element("contained").kind).isEqualTo(R4Elements.Kind.UNSUPPORTED);
        assertThat(r4.observation.element("effectivePeriod").slot)
                .isEqualTo(r4.observation.element("effectiveDateTime").slot);
        assertThat(r4.observation.element("text").type.element("div").kind).isEqualTo(R4Elements.Kind.XHTML);
        assertThat(r4.type("Reference").element("reference").check).isEqualTo(R4Elements.Check.REFERENCE);
        assertThat(r4.type("Annotation").element("authorReference").kind).isEqualTo(R4Elements.Kind.COMPOSITE);
        assertThat(r4.type("Annotation").element("authorPatient").kind).isEqualTo(R4Elements.Kind.UNSUPPORTED);
        assertThat(r4.extensionValue("valueString").check).isEqualTo(R4Elements.Check.TEXT);
        assertThat(r4.extensionValue("valueCode").check).isEqualTo(R4Elements.Check.STRING);
        assertThat(r4.observation.element("issued").check).isEqualTo(R4Elements.Check.INSTANT);
        assertThat(r4.extensionValue("valueCodeableConcept").type.name).isEqualTo("CodeableConcept");
        assertThat(r4.extensionValue("valuestring").kind).isEqualTo(R4Elements.Kind.UNSUPPORTED);
        assertThat(r4.extensionValue("valueXhtml")).isNull(); // HAPI's extension values have no narrative either
        assertThat(r4.extensionValue("valueFoo")).isNull();
    }
}
