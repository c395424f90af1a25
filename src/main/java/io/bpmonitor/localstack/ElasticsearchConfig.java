package io.bpmonitor.localstack;

import java.nio.file.Path;

/** Renders the elasticsearch.yml of the local single-node cluster. */
final class ElasticsearchConfig {

    static final String CLUSTER_NAME = "bp-monitor-local";

    private ElasticsearchConfig() {
    }

    static String render(int httpPort, int transportPort, Path dataDir, Path logsDir) {
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
                // A local dev/test node: no TLS or passwords.
                "xpack.security.enabled: false",
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
