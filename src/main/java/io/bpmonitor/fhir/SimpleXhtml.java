package io.bpmonitor.fhir;

import java.util.Set;

/**
 * Narratives that both of HAPI's XHTML parsers certainly accept, recognised in one scan. HAPI checks an Observation's
 * {@code text.div} twice, with StAX ({@code XhtmlDt}) and with the HL7 {@code XhtmlParser} behind the model's
 * {@code XhtmlNode}; the second builds a table of some 2,100 HTML entities for every narrative, ~90 µs, more than all
 * the rest of the Observation. The usual generated narrative is simple: a {@code div} in the XHTML namespace holding
 * text and well-nested common elements ({@code p}, {@code b}, {@code table}, {@code a href}...) with a few plain
 * attributes, no entities, no comments. That is accepted here; anything else (an entity, an unknown element,
 * {@code <br>} left open...) is left to HAPI's two parsers, which decide exactly.
 */
final class SimpleXhtml {

    private static final String ROOT_START = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";
    private static final String ROOT_END = "</div>";
    private static final int MAX_DEPTH = 32;

    /** Elements the HL7 parser knows, without img, map and area (whose attributes policies care about). */
    private static final Set<String> ELEMENTS = Set.of(
            "p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "a", "span", "b", "em", "i", "strong", "small",
            "big", "tt", "dfn", "q", "var", "abbr", "acronym", "cite", "blockquote", "hr", "address", "kbd", "sub",
            "sup", "ul", "ol", "li", "dl", "dt", "dd", "pre", "table", "caption", "colgroup", "col", "thead", "tr",
            "tfoot", "tbody", "th", "td", "code", "samp");
    private static final Set<String> ATTRIBUTES = Set.of(
            "class", "style", "title", "lang", "colspan", "rowspan", "width", "align", "valign", "scope");
    private static final Set<String> LINK_ATTRIBUTES = Set.of("href", "name");

    private SimpleXhtml() {
    }

    static boolean isSimple(String div) {
        if (!div.startsWith(ROOT_START) || !div.endsWith(ROOT_END)
                || div.length() < ROOT_START.length() + ROOT_END.length()) {
            return false;
        }
        Scan scan = new Scan(div, div.length() - ROOT_END.length());
        scan.at = ROOT_START.length();
        return scan.content(0) && scan.at == scan.end && scan.hasText; // txt-2: some non-whitespace content
    }

    private static final class Scan {
        final String text;
        final int end;
        int at;
        boolean hasText;

        Scan(String text, int end) {
            this.text = text;
            this.end = end;
        }

        /** Text and elements up to the parent's end tag (or the root's end); false if not in the simple form. */
        boolean content(int depth) {
            while (at < end) {
                char c = text.charAt(at);
                if (c == '<') {
                    if (at + 1 < end && text.charAt(at + 1) == '/') {
                        return true; // the parent's end tag
                    }
                    if (depth == MAX_DEPTH || !element(depth)) {
                        return false;
                    }
                } else if (isText(c)) {
                    hasText |= c != ' ' && c != '\n' && c != '\t';
                    at++;
                } else {
                    return false;
                }
            }
            return true;
        }

        /** {@code <name attrs/>} or {@code <name attrs>content</name>}. */
        boolean element(int depth) {
            at++; // '<'
            String name = name();
            if (name == null || !ELEMENTS.contains(name)) {
                return false;
            }
            Set<String> seen = new java.util.HashSet<>(4);
            while (at < end && text.charAt(at) == ' ') {
                while (at < end && text.charAt(at) == ' ') {
                    at++;
                }
                if (at < end && (text.charAt(at) == '>' || text.charAt(at) == '/')) {
                    break;
                }
                String attribute = name();
                if (attribute == null || !seen.add(attribute)
                        || !(ATTRIBUTES.contains(attribute) || name.equals("a") && LINK_ATTRIBUTES.contains(attribute))
                        || !attributeValue(attribute.equals("href"))) {
                    return false;
                }
            }
            if (at + 1 < end && text.charAt(at) == '/' && text.charAt(at + 1) == '>') {
                at += 2;
                return true;
            }
            if (at >= end || text.charAt(at) != '>') {
                return false;
            }
            at++;
            if (!content(depth + 1)) {
                return false;
            }
            String close = "</" + name + ">";
            if (!text.startsWith(close, at) || at + close.length() > end) {
                return false;
            }
            at += close.length();
            return true;
        }

        /** A lower-case ASCII name with digits after the first letter. */
        String name() {
            int start = at;
            while (at < end) {
                char c = text.charAt(at);
                if (c >= 'a' && c <= 'z' || at > start && c >= '0' && c <= '9') {
                    at++;
                } else {
                    break;
                }
            }
            return at == start ? null : text.substring(start, at);
        }

        /** {@code ="..."} with plain text inside; a URL that does not run script. */
        boolean attributeValue(boolean url) {
            if (at + 1 >= end || text.charAt(at) != '=' || text.charAt(at + 1) != '"') {
                return false;
            }
            at += 2;
            int start = at;
            while (at < end && text.charAt(at) != '"') {
                if (!isText(text.charAt(at))) {
                    return false;
                }
                at++;
            }
            if (at >= end || url && !Narratives.isSafeUrl(text.substring(start, at))) {
                return false;
            }
            at++; // '"'
            return true;
        }
    }

    /** A character of XML text that needs no escaping and no entity: no markup, no control or surrogate. */
    private static boolean isText(char c) {
        return c >= 0x20 && c < 0xD800 && c != '<' && c != '>' && c != '&' && c != '"'
                || c >= 0xE000 && c <= 0xFFFD
                || c == '\n' || c == '\t';
    }
}
