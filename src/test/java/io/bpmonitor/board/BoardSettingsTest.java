package io.bpmonitor.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

class BoardSettingsTest {

    @Test
    void loopbackPort8080ByDefault() {
        BoardSettings board = settings(Map.of("bp.routes", "detector"));
        assertThat(board.host()).isEqualTo("127.0.0.1");
        assertThat(board.port()).isEqualTo(8080);
        assertThat(board.address()).isEqualTo("http://127.0.0.1:8080/");
    }

    @Test
    void aWildcardBindIsOpenedThroughLoopback() {
        assertThat(settings(Map.of("bp.board.host", "0.0.0.0", "bp.board.port", "9090")).address())
                .isEqualTo("http://127.0.0.1:9090/");
        assertThat(settings(Map.of("bp.board.host", "::1")).address()).isEqualTo("http://[::1]:8080/");
        assertThat(settings(Map.of("bp.board.host", "board.example")).address()).isEqualTo("http://board.example:8080/");
    }

    @Test
    void badPortOrHostNamesTheSetting() {
        for (String port : new String[] {"0", "65536", "eighty", "-1"}) {
            assertThatThrownBy(() -> settings(Map.of("bp.board.port", port)).port())
                    .hasMessageContaining("BP_BOARD_PORT").hasMessageContaining("'" + port + "'");
        }
        assertThatThrownBy(() -> settings(Map.of("bp.board.host", "a b")).host()).hasMessageContaining("BP_BOARD_HOST");
    }

    @Test
    void onWhereThereIsElasticsearch() {
        assertThat(settings(Map.of("bp.routes", "simulator,detector")).enabled()).isTrue();
        assertThat(settings(Map.of("bp.routes", "detector")).enabled()).isTrue();
        assertThat(settings(Map.of("bp.routes", "simulator", "bp.elasticsearch.url", "http://es:9200")).enabled())
                .isTrue();
        assertThat(settings(Map.of("bp.routes", "simulator")).enabled()).isFalse();
    }

    @Test
    void theFunctionTellsCamelMainWhetherToOpenThePort() {
        DefaultCamelContext context = context(Map.of("bp.routes", "simulator"));
        BoardEnabledFunction function = new BoardEnabledFunction();
        function.setCamelContext(context);
        assertThat(function.apply("enabled")).isEqualTo("false");
        assertThat(context.getPropertiesComponent().parseUri("{{board:enabled}}")).isEqualTo("false");
        assertThat(context(Map.of("bp.routes", "detector")).getPropertiesComponent().parseUri("{{board:enabled}}"))
                .isEqualTo("true");
    }

    private static BoardSettings settings(Map<String, String> values) {
        return new BoardSettings(context(values).getPropertiesComponent());
    }

    private static DefaultCamelContext context(Map<String, String> values) {
        DefaultCamelContext context = new DefaultCamelContext();
        PropertiesComponent properties = context.getPropertiesComponent();
        Properties initial = new Properties();
        initial.put("bp.routes", "simulator,detector");
        initial.put("bp.elasticsearch.url", "");
        initial.putAll(values);
        properties.setInitialProperties(initial);
        return context;
    }
}
