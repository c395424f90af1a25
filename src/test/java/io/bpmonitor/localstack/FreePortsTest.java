package io.bpmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void aForkHandsOutDistinctPortsOfItsOwnBlockWrappingRoundItsEnd() {
        FreePorts ports = new FreePorts(2, 1_950);
        Set<Integer> handedOut = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            handedOut.add(ports.take());
        }
        assertThat(handedOut).hasSize(100)
                .allSatisfy(port -> assertThat(port).isBetween(24_000, 25_999));
    }

    @Test
    void aPortSomethingListensOnIsSkipped() throws IOException {
        FreePorts ports = new FreePorts(3, 0);
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.first()));
            assertThat(ports.take()).isNotEqualTo(ports.first());
        }
    }

    @Test
    void theBlocksAreDisjointAndBelowTheEphemeralRange() throws IOException {
        int ephemeralFirst = ephemeralRangeStart();
        for (int fork = 0; fork < FreePorts.MAX_FORK_NUMBER; fork++) {
            assertThat(new FreePorts(fork + 1, 0).first()).isEqualTo(new FreePorts(fork, 0).first() + FreePorts.BLOCK_SIZE);
        }
        assertThat(new FreePorts(FreePorts.MAX_FORK_NUMBER, 0).first() + FreePorts.BLOCK_SIZE).isLessThanOrEqualTo(ephemeralFirst);
        assertThatThrownBy(() -> new FreePorts(FreePorts.MAX_FORK_NUMBER + 1, 0)).hasMessageContaining("forkCount");
    }

    @Test
    void aMavenForkNeedsItsForkNumberAndAnythingElseIsBlockZero() {
        assertThat(FreePorts.forkNumber("2", true)).isEqualTo(2);
        assertThat(FreePorts.forkNumber(null, false)).isZero();
        assertThat(FreePorts.forkNumber("${surefire.forkNumber}", false)).isZero();
        // what Maven made of a bare ${surefire.forkNumber} in systemPropertyVariables (SUREFIRE-1068)
        assertThatThrownBy(() -> FreePorts.forkNumber("", true)).hasMessageContaining(FreePorts.FORK_NUMBER_PROPERTY);
    }

    /** The first port the OS may give a client socket; Linux's default when the machine does not say. */
    private static int ephemeralRangeStart() throws IOException {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        // readAllLines, not readString: procfs reports a size of 0, and readString then reads a single byte
        return Files.isReadable(range) ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]) : 32_768;
    }
}
