package io.bpmonitor.fhir;

import java.util.regex.Pattern;

/**
 * FHIR R4's primitive datatypes as the specification defines them (R4 §2.24.0.1, "Primitive Types"), where HAPI's
 * parser is laxer (the rules: docs/delivery.md#what-to-send). Reasons name the element and the rule, never the value.
 */
public final class FhirDatatypes {

    private static final String YEAR = "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)";
    private static final String TIME_AND_OFFSET =
            "T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))";
    private static final String MONTH = "(0[1-9]|1[0-2])";
    private static final String DAY = "(0[1-9]|[1-2][0-9]|3[0-1])";

    static final Pattern DATE = Pattern.compile(YEAR + "(-" + MONTH + "(-" + DAY + ")?)?");
    static final Pattern DATE_TIME = Pattern.compile(YEAR + "(-" + MONTH + "(-" + DAY + "(" + TIME_AND_OFFSET
            + ")?)?)?");
    static final Pattern INSTANT = Pattern.compile(YEAR + "-" + MONTH + "-" + DAY + TIME_AND_OFFSET);

    static final int ID_MAX_LENGTH = 64;
    public static final String NOT_AN_ID = "not a FHIR id (1 to " + ID_MAX_LENGTH + " of A-Z, a-z, 0-9, '-' and '.')";
    static final String NOT_A_DATE_TIME =
            "not a FHIR dateTime (year 0001 to 9999; a time needs a zone offset within ±14:00)";
    static final String NOT_AN_INSTANT = "not a FHIR instant (year 0001 to 9999, a time and a zone offset)";
    static final String NOT_A_DATE = "not a FHIR date (year 0001 to 9999)";

    private FhirDatatypes() {
    }

    public static boolean isId(String text) {
        int length = text.length();
        if (length == 0 || length > ID_MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * What is wrong with the characters of a primitive's text, or null.
     *
     * @param lineBreaksAllowed a {@code string} or {@code markdown} may hold tab, CR and LF; other types may not
     */
    static String characterProblem(String text, boolean lineBreaksAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && !(lineBreaksAllowed && (c == '\t' || c == '\r' || c == '\n'))) {
                return lineBreaksAllowed ? "holds a control character (only tab, CR and LF are allowed)"
                        : "holds a control character";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "holds a lone UTF-16 surrogate (not Unicode text)";
            }
        }
        return null;
    }
}
