package io.bpmonitor.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import io.bpmonitor.config.InvalidSettingException;
import org.junit.jupiter.api.Test;

class AllowedPeersTest {

    private static boolean allows(String setting, String peer) throws Exception {
        return AllowedPeers.parse(setting).allows(InetAddress.getByName(peer));
    }

    @Test
    void addressesAndCidrBlocksOfBothFamilies() throws Exception {
        assertThat(allows("127.0.0.1,::1", "127.0.0.1")).isTrue();
        assertThat(allows("127.0.0.1,::1", "::1")).isTrue();
        assertThat(allows("127.0.0.1,::1", "127.0.0.2")).isFalse();
        assertThat(allows("10.20.0.0/16", "10.20.255.7")).isTrue();
        assertThat(allows("10.20.0.0/16", "10.21.0.1")).isFalse();
        assertThat(allows("fd00:1::/32", "fd00:1:ffff::9")).isTrue();
        assertThat(allows("fd00:1::/32", "10.20.0.1")).as("another family").isFalse();
        assertThat(allows("0.0.0.0/0,::/0", "192.0.2.44")).isTrue();
    }

    @Test
    void anythingButIpLiteralsNamesTheSetting() {
        for (String bad : new String[] {"", "monitor.example", "10.0.0.0/33", "10.0.0.0/x", "::1/129"}) {
            assertThatThrownBy(() -> AllowedPeers.parse(bad)).as(bad).isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("BP_HL7_ALLOWED_PEERS");
        }
    }
}
