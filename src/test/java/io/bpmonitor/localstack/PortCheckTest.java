package io.bpmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void busyPortNamesPortAndSetting() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> PortCheck.requireFree(port, "Kafka", "BP_LOCAL_KAFKA_PORT"))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("Kafka port " + port)
                    .hasMessageContaining("BP_LOCAL_KAFKA_PORT")
                    .satisfies(e -> assertThat(((PortInUseException) e).port()).isEqualTo(port));
        }
    }

    @Test
    void zeroBecomesAFreePortAndOthersStay() {
        int port = PortCheck.freeIfZero(0);
        assertThat(port).isPositive();
        assertThatCode(() -> PortCheck.requireFree(port, "x", "Y")).doesNotThrowAnyException();
        assertThat(PortCheck.freeIfZero(9092)).isEqualTo(9092);
    }
}
