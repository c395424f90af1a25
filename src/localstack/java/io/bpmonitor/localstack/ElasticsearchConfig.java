package io.bpmonitor.localstack;

import java.nio.file.Path;

/** Renders the elasticsearch.yml of the local single-node cluster. */
final class ElasticsearchConfig {

    static final String CLUSTER_NAME = "bp-monitor-local";
    /** Where a secured node's HTTP certificate and key are, relative to its config directory. */
    static final String SECURED_CERTIFICATE = "certs/node.crt";
    static final String SECURED_KEY = "certs/node.key";

    private ElasticsearchConfig() {
    }

    static String render(int httpPort, int transportPort, Path dataDir, Path logsDir) {
        return render(httpPort, transportPort, dataDir, logsDir, false);
    }

    /**
     * @param secured security on: HTTPS with {@code config/certs/node.crt} and {@code node.key}, users from the file
     *        realm and API keys. A single node on loopback needs no transport TLS.
     */
    static String render(int httpPort, int transportPort, Path dataDir, Path logsDir, boolean secured) {
        String security = secured
                ? String.join("\n",
                        "xpack.security.enabled: true",
                        "xpack.security.http.ssl.enabled: true",
                        "xpack.security.http.ssl.certificate: " + SECURED_CERTIFICATE,
                        "xpack.security.http.ssl.key: " + SECURED_KEY,
                        "xpack.security.transport.ssl.enabled: false",
                        "xpack.security.authc.api_key.enabled: true")
                // A local dev/test node: no TLS or passwords.
                : "xpack.security.enabled: false";
        return String.join("\n",
                "# Written by io.bpmonitor.localstack on every start; edits are overwritten.",
                "cluster.name: " + CLUSTER_NAME,
                "node.name: " + CLUSTER_NAME + "-1",
                "discovery.type: single-node",
                "network.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.port: " + transportPort,
                "path.data: " + quoted(dataDir),
                "path.logs: " + quoted(logsDir),
                security,
                // Small CI disks must not turn indices read-only.
                "cluster.routing.allocation.disk.threshold_enabled: false",
                // Tests delete indices by pattern.
                "action.destructive_requires_name: false",
                "");
    }

    private static String quoted(Path path) {
        return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
