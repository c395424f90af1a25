package io.bpmonitor.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;

/**
 * A guard against one message taking the detector down. HAPI's JSON reader turns every JSON number with a fraction or
 * an exponent into a {@code BigDecimal} and hands it on as {@code toPlainString()}: for {@code 1e999999999}, ten bytes
 * on the wire, that is a billion-character string, and the detector dies of {@code OutOfMemoryError} (the container
 * runs with {@code -XX:+ExitOnOutOfMemoryError}, and the record is read again after the restart). So a message with
 * a number that would be more than {@value #MAX_PLAIN_LENGTH} characters written out — Jackson's own limit for a
 * number as written — is refused with {@link #TOO_LONG} before HAPI sees it. This is the one place where the reader
 * deliberately differs from HAPI's path.
 */
final class JsonNumbers {

    static final int MAX_PLAIN_LENGTH = 1000;
    static final String TOO_LONG = "a number is too long to read: over " + MAX_PLAIN_LENGTH
            + " digits when written out";

    /** HAPI's reader settings (JacksonStructure): single quotes and a leading plus are read, strings unbounded. */
    private static final JsonFactory HAPI_LIKE = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private JsonNumbers() {
    }

    /** The length of {@code value.toPlainString()}, computed without writing it. */
    static long plainLength(BigDecimal value) {
        long precision = value.precision();
        long scale = value.scale();
        long length;
        if (value.signum() == 0 && scale < 0) {
            return 1; // "0"
        }
        if (scale <= 0) {
            length = precision - scale; // the digits, then -scale zeros
        } else if (scale >= precision) {
            length = scale + 2; // "0." and scale digits
        } else {
            length = precision + 1; // the digits with a point among them
        }
        return value.signum() < 0 ? length + 1 : length;
    }

    static boolean tooLong(BigDecimal value) {
        return plainLength(value) > MAX_PLAIN_LENGTH;
    }

    /**
     * Whether HAPI, reading these bytes, would get as far as such a number: the content is one JSON object (by HAPI's
     * laxer reading) and holds a number with a fraction or exponent that is too long written out.
     */
    static boolean hasTooLongNumber(byte[] json) {
        String text = new String(json, UTF_8);
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) { // as HAPI skips before '{'
            start++;
        }
        if (start == text.length() || text.charAt(start) != '{') {
            return false;
        }
        try (JsonParser parser = HAPI_LIKE.createParser(text.substring(start))) {
            boolean found = false;
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.VALUE_NUMBER_FLOAT && tooLong(parser.getDecimalValue())) {
                    found = true;
                }
                if (depth == 0) {
                    return found && parser.nextToken() == null; // trailing content fails HAPI's read first
                }
            }
            return false; // unfinished: HAPI's read fails first
        } catch (IOException | RuntimeException e) {
            return false; // not JSON to HAPI either: it fails on that before any number
        }
    }
}
