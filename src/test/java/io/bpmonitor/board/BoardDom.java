package io.bpmonitor.board;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the numbers the board writes into its DOM (see board.js) out of Chromium's {@code --dump-dom}. */
final class BoardDom {

    record Row(int rank, String patientId, double maxSeverity) {
    }

    private static final Pattern ROW = Pattern.compile(
            "<tr[^>]*data-rank=\"(\\d+)\"[^>]*data-patient-id=\"([^\"]+)\"[^>]*data-max-severity=\"([^\"]+)\"");

    private final String dom;

    BoardDom(String dom) {
        this.dom = dom;
    }

    String raw() {
        return dom;
    }

    /** An attribute of the body element: data-state, data-window, data-anomalies, data-refreshes. */
    String body(String attribute) {
        return attribute("<body", attribute);
    }

    /** data-value of a gauge's output: systolic-max, systolic-avg, diastolic-max, diastolic-avg. */
    String gauge(String key) {
        return attribute("data-gauge=\"" + key + "\"", "data-value");
    }

    /** The text the gauge shows next to the chart. */
    String gaugeText(String key) {
        Matcher m = Pattern.compile("data-gauge=\"" + Pattern.quote(key) + "\"[^>]*>([^<]*)</output>").matcher(dom);
        return m.find() ? m.group(1) : null;
    }

    String trend(String attribute) {
        return attribute("id=\"trend-summary\"", attribute);
    }

    /** data-count of the kinds legend item for a hypertension_type, or null. */
    String kindCount(String type) {
        return attribute("data-type=\"" + type + "\"", "data-count");
    }

    String kindText(String type) {
        Matcher m = Pattern.compile("<li[^>]*data-type=\"" + Pattern.quote(type) + "\"[^>]*>([^<]*)</li>").matcher(dom);
        return m.find() ? m.group(1) : null;
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Matcher m = ROW.matcher(dom);
        while (m.find()) {
            rows.add(new Row(Integer.parseInt(m.group(1)), m.group(2), Double.parseDouble(m.group(3))));
        }
        return rows;
    }

    /** Whether ECharts drew a canvas between the element with this id and the next {@code until}. */
    boolean hasCanvas(String id, String until) {
        int start = dom.indexOf("id=\"" + id + "\"");
        if (start < 0) {
            return false;
        }
        int end = dom.indexOf(until, start);
        return end > start && dom.substring(start, end).contains("<canvas");
    }

    private String attribute(String anchor, String attribute) {
        int at = dom.indexOf(anchor);
        if (at < 0) {
            return null;
        }
        int tagStart = dom.lastIndexOf('<', at);
        int tagEnd = dom.indexOf('>', at);
        Matcher m = Pattern.compile("\\s" + Pattern.quote(attribute) + "=\"([^\"]*)\"")
                .matcher(dom.substring(tagStart, tagEnd));
        return m.find() ? m.group(1) : null;
    }
}
