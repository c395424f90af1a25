package io.bpmonitor.fhir;

import static com.fasterxml.jackson.core.JsonToken.END_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_FALSE;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;
import static com.fasterxml.jackson.core.JsonToken.VALUE_TRUE;

import java.io.IOException;

import ca.uhn.fhir.model.primitive.XhtmlDt;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bpmonitor.fhir.R4Elements.Element;
import io.bpmonitor.fhir.R4Elements.Type;
import org.hl7.fhir.instance.model.api.IBaseXhtml;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * The part of {@link StreamingObservationReader}'s pass that keeps no value: every element the reading does not use
 * is checked against the R4 definitions ({@link R4Elements}) as HAPI's strict parse would check it. Anything it is not
 * sure of ends the streaming read ({@link #NOT_SURE}), and HAPI's path decides.
 */
final class R4Checks {

    /** Abandons the streaming read: shared, without a stack trace, as it is control flow, not an error. */
    static final class NotSure extends RuntimeException {
        NotSure() {
            super(null, null, false, false);
        }
    }

    static final NotSure NOT_SURE = new NotSure();

    private final JsonParser parser;
    private final R4Elements r4;
    /** Whether a string may hold a control character or a lone surrogate ({@link Utf8#hasControlEscape}). */
    private final boolean escapes;
    /** A number too long to write out was seen (HAPI would run out of memory on it). */
    boolean tooLongNumber;

    R4Checks(JsonParser parser, R4Elements r4, boolean escapes) {
        this.parser = parser;
        this.r4 = r4;
        this.escapes = escapes;
    }


    void element(Element element, JsonToken token) throws IOException {
        if (element.repeating) {
            expect(token == START_ARRAY); // HAPI refuses an object where R4 has a list
            while ((token = parser.nextToken()) != END_ARRAY) {
                value(element, token);
            }
        } else {
            value(element, token); // a one-item array where R4 has one value: HAPI takes it, we do not
        }
    }

    private void value(Element element, JsonToken token) throws IOException {
        switch (element.kind) {
            case COMPOSITE -> composite(element.type, token);
            case PRIMITIVE -> primitive(element, token);
            case EXTENSION -> extension(token);
            case XHTML -> div(nonEmpty(token), element);
            default -> throw NOT_SURE;
        }
    }

    private void composite(Type type, JsonToken token) throws IOException {
        expect(token == START_OBJECT && type.supported());
        long seen = 0;
        String name;
        while ((name = parser.nextFieldName()) != null) {
            Element element = type.element(name);
            expect(element != null); // also "_status", "fhir_comments", "resourceType" inside: HAPI's
            seen = once(seen, element);
            element(element, parser.nextToken());
        }
    }

    /** An extension: a url, an optional id, nested extensions or one value[x], not both (HAPI's rule). */
    private void extension(JsonToken token) throws IOException {
        expect(token == START_OBJECT);
        boolean url = false;
        boolean id = false;
        boolean nestedList = false;
        boolean value = false;
        int nested = 0;
        String name;
        while ((name = parser.nextFieldName()) != null) {
            token = parser.nextToken();
            switch (name) {
                case "url" -> {
                    expect(!url);
                    string(token);
                    url = true;
                }
                case "id" -> {
                    expect(!id);
                    string(token);
                    id = true;
                }
                case "extension" -> {
                    expect(!nestedList && token == START_ARRAY);
                    nestedList = true;
                    while ((token = parser.nextToken()) != END_ARRAY) {
                        extension(token);
                        nested++;
                    }
                }
                default -> {
                    Element element = r4.extensionValue(name);
                    expect(element != null && !value);
                    value = true;
                    value(element, token);
                }
            }
        }
        expect(url && !(value && nested > 0));
    }

    private void primitive(Element element, JsonToken token) throws IOException {
        switch (element.check) {
            case TEXT -> text(token);
            case STRING -> string(token);
            case REFERENCE -> localReferenceChecked(text(token));
            case ENUMERATION -> {
                String code = string(token);
                try {
                    expect(element.enumFactory.fromCode(code) != null);
                } catch (RuntimeException e) {
                    throw NOT_SURE;
                }
            }
            case BOOLEAN -> expect(token == VALUE_TRUE || token == VALUE_FALSE);
            case DECIMAL -> {
                if (token == VALUE_NUMBER_FLOAT) {
                    tooLongNumber |= JsonNumbers.tooLong(parser.getDecimalValue());
                } else {
                    expect(token == VALUE_NUMBER_INT);
                }
            }
            case INTEGER -> {
                expect(token == VALUE_NUMBER_INT);
                parsedByHapi(element, String.valueOf(parser.getNumberValue())); // as HAPI's IntNode.asText()
            }
            case DATE_TIME -> {
                String text = string(token);
                if (FhirDateTimes.epochMillis(text) == FhirDateTimes.NOT_CANONICAL
                        && !FhirDateTimes.isCanonicalDate(text)) {
                    parsedByHapiAsR4Allows(element, text, FhirDatatypes.DATE_TIME);
                }
            }
            case INSTANT -> {
                String text = string(token);
                if (FhirDateTimes.epochMillis(text) == FhirDateTimes.NOT_CANONICAL) {
                    parsedByHapiAsR4Allows(element, text, FhirDatatypes.INSTANT);
                }
            }
            case DATE -> {
                String text = string(token);
                if (!FhirDateTimes.isCanonicalDate(text)) {
                    parsedByHapiAsR4Allows(element, text, FhirDatatypes.DATE);
                }
            }
            default -> parsedByHapi(element, string(token));
        }
    }

    /** A text R4's pattern allows, which HAPI's type must parse too; anything else is for HAPI's path to refuse. */
    private void parsedByHapiAsR4Allows(Element element, String text, java.util.regex.Pattern r4) {
        expect(r4.matcher(text).matches());
        parsedByHapi(element, text);
    }

    /** What HAPI's parser does with a primitive's text: set it on a new instance of the model type. */
    private void parsedByHapi(Element element, String text) {
        try {
            element.newPrimitive().setValueAsString(text);
        } catch (RuntimeException e) {
            throw NOT_SURE;
        }
    }

    /**
     * The narrative: HAPI parses the XHTML twice (its {@code XhtmlDt}, then the model's node) and fails on what
     * either refuses. A {@link SimpleXhtml simple} div passes both and R4's narrative rules; anything else is checked
     * by exactly those two parses and {@link Narratives}, and what fails is for HAPI's path to refuse.
     */
    private void div(String text, Element element) {
        if (SimpleXhtml.isSimple(text)) {
            return;
        }
        try {
            XhtmlDt dt = new XhtmlDt();
            dt.setValueAsString(text);
            IBaseXhtml div = element.newXhtml();
            div.setValueAsString(dt.getValueAsString());
            expect(Narratives.problem((XhtmlNode) div) == null);
        } catch (RuntimeException e) {
            throw NOT_SURE;
        }
    }

    String localReferenceChecked(String text) {
        expect(text.length() < 2 || text.charAt(0) != '#'); // HAPI looks "#id" up among contained resources
        return text;
    }

    /**
     * A non-empty JSON string without control characters or lone surrogates (R4's datatypes other than string and
     * markdown); HAPI would also read a number or boolean as text, but such content is HAPI's.
     */
    String string(JsonToken token) throws IOException {
        String text = nonEmpty(token);
        expect(!escapes || FhirDatatypes.characterProblem(text, false) == null);
        return text;
    }

    /** A string or markdown: tab, CR and LF allowed. */
    String text(JsonToken token) throws IOException {
        String text = nonEmpty(token);
        expect(!escapes || FhirDatatypes.characterProblem(text, true) == null);
        return text;
    }

    private String nonEmpty(JsonToken token) throws IOException {
        expect(token == VALUE_STRING);
        String text = parser.getText();
        expect(!text.isEmpty()); // HAPI: "Attribute value must not be empty"
        return text;
    }

    static long once(long seen, Element element) {
        long bit = 1L << element.slot;
        expect((seen & bit) == 0); // a name twice (HAPI keeps the last) or two of one choice (HAPI refuses)
        return seen | bit;
    }

    static void expect(boolean condition) {
        if (!condition) {
            throw NOT_SURE;
        }
    }
}
