package io.bpmonitor.observe;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bpmonitor.testing.EsHttp;

/** Calls to bp-monitor's management server: /observe/health, /observe/metrics, /observe/jolokia. */
final class ManagementHttp {

    private final EsHttp http;

    ManagementHttp(int port) {
        this.http = new EsHttp("http://127.0.0.1:" + port);
    }

    EsHttp.Response get(String path) {
        return http.get(path);
    }

    EsHttp.Response post(String path, String json) {
        return http.post(path, json);
    }

    /** The value of one Prometheus sample, e.g. {@code bp_readings_consumed_total}; -1 when absent. */
    double metric(String sample) {
        String text = get("/observe/metrics").body();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(sample) + " ([0-9.eE+-]+)$").matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }
}
