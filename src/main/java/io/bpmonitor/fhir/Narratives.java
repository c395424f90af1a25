package io.bpmonitor.fhir;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * R4's narrative invariants as HAPI's validator judges them ({@code XhtmlValidator}): txt-1, only the basic HTML
 * formatting elements and attributes, no active content; txt-2, some non-whitespace content. The element and attribute
 * lists are the validator's. One rule is ours: a link or image whose URL runs script ({@code javascript:},
 * {@code vbscript:}) is active content too.
 */
final class Narratives {

    static final Set<String> ELEMENTS = Set.of(
            "p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "a", "span", "b", "em", "i", "strong", "small", "big",
            "tt", "dfn", "q", "var", "abbr", "acronym", "cite", "blockquote", "hr", "address", "bdo", "kbd", "sub",
            "sup", "ul", "ol", "li", "dl", "dt", "dd", "pre", "table", "caption", "colgroup", "col", "thead", "tr",
            "tfoot", "tbody", "th", "td", "code", "samp", "img", "map", "area");

    /** Attributes any element may carry. */
    static final Set<String> ATTRIBUTES = Set.of(
            "title", "style", "class", "id", "lang", "xml:lang", "dir", "accesskey", "tabindex", "span", "width",
            "align", "valign", "char", "charoff", "abbr", "axis", "headers", "scope", "rowspan", "colspan");

    /** Attributes only the named element may carry. */
    static final Set<String> ELEMENT_ATTRIBUTES = Set.of(
            "a.href", "a.name", "img.src", "img.border", "div.xmlns", "blockquote.cite", "q.cite", "a.charset",
            "a.type", "a.hreflang", "a.rel", "a.rev", "a.shape", "a.coords", "img.alt", "img.longdesc", "img.height",
            "img.width", "img.usemap", "img.ismap", "map.name", "area.shape", "area.coords", "area.href", "area.nohref",
            "area.alt", "table.summary", "table.width", "table.border", "table.frame", "table.rules",
            "table.cellspacing", "table.cellpadding", "pre.space", "td.nowrap");

    private static final Pattern WHITESPACE_AND_CONTROLS = Pattern.compile("[\\x00-\\x20]");

    private Narratives() {
    }

    /** What breaks txt-1 or txt-2 in the narrative's {@code div}, or null. */
    static String problem(XhtmlNode div) {
        String problem = activeContent(div);
        if (problem != null) {
            return problem;
        }
        return hasContent(div) ? null : "has no content (txt-2)";
    }

    private static String activeContent(XhtmlNode node) {
        if (node.getNodeType() == NodeType.Instruction || node.getNodeType() == NodeType.DocType) {
            return "holds a processing instruction or DOCTYPE (txt-1)";
        }
        if (node.getNodeType() == NodeType.Element || node.getNodeType() == NodeType.Document) {
            String name = node.getName();
            if (node.getNodeType() == NodeType.Element && !ELEMENTS.contains(name)) {
                return "holds an element that is not basic HTML formatting (txt-1)";
            }
            for (String attribute : node.getAttributes().keySet()) {
                if (!ATTRIBUTES.contains(attribute) && !ELEMENT_ATTRIBUTES.contains(name + "." + attribute)) {
                    return "holds an attribute that is not basic HTML formatting (txt-1)";
                }
                if ((attribute.equals("href") || attribute.equals("src")) && !isSafeUrl(node.getAttribute(attribute))) {
                    return "holds a link that runs script (txt-1)";
                }
            }
            for (XhtmlNode child : node.getChildNodes()) {
                String problem = activeContent(child);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static boolean hasContent(XhtmlNode node) {
        if (node.getNodeType() == NodeType.Text) {
            return node.getContent() != null && !node.getContent().isBlank();
        }
        if (node.getNodeType() == NodeType.Element && "img".equals(node.getName())) {
            return true;
        }
        for (XhtmlNode child : node.getChildNodes()) {
            if (hasContent(child)) {
                return true;
            }
        }
        return false;
    }

    /** A URL that a browser would not run as script. */
    static boolean isSafeUrl(String url) {
        // browsers skip whitespace and control characters inside a scheme ("java&#9;script:")
        String scheme = url == null ? "" : WHITESPACE_AND_CONTROLS.matcher(url).replaceAll("").toLowerCase(Locale.ROOT);
        return !scheme.startsWith("javascript:") && !scheme.startsWith("vbscript:");
    }
}
