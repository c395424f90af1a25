package io.bpmonitor.board;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoardAddressTest {

    @Test
    void loopbackPort8080ByDefault() {
        assertThat(BoardConfiguration.address("127.0.0.1", 8080)).isEqualTo("http://127.0.0.1:8080/");
    }

    @Test
    void aWildcardBindIsOpenedThroughLoopback() {
        assertThat(BoardConfiguration.address("0.0.0.0", 9090)).isEqualTo("http://127.0.0.1:9090/");
        assertThat(BoardConfiguration.address("::1", 8080)).isEqualTo("http://[::1]:8080/");
        assertThat(BoardConfiguration.address("board.example", 8080)).isEqualTo("http://board.example:8080/");
    }
}
