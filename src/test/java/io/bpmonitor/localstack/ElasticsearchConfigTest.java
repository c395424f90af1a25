package io.bpmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ElasticsearchConfigTest {

    @Test
    void singleNodeOnLoopbackWithoutSecurity() {
        String yml = ElasticsearchConfig.render(9200, 9300, Path.of("/d/data"), Path.of("/d/logs"));
        assertThat(yml).contains(
                "cluster.name: bp-monitor-local",
                "discovery.type: single-node",
                "network.host: 127.0.0.1",
                "http.port: 9200",
                "transport.port: 9300",
                "path.data: \"/d/data\"",
                "path.logs: \"/d/logs\"",
                "xpack.security.enabled: false",
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "action.destructive_requires_name: false");
    }
}
