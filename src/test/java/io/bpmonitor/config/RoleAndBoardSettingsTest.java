package io.bpmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoleAndBoardSettingsTest {

    @Test
    void loopbackPort8080ByDefault() {
        Settings settings = Settings.of(context(Map.of("bp.routes", "detector")));
        assertThat(settings.text(Setting.BP_BOARD_HOST)).isEqualTo("127.0.0.1");
        assertThat(settings.integer(Setting.BP_BOARD_PORT)).isEqualTo(8080);
    }

    @Test
    void badPortOrHostNamesTheSetting() {
        for (String port : new String[] {"0", "65536", "eighty", "-1"}) {
            assertThatThrownBy(() -> Settings.of(context(Map.of("bp.board.port", port))).integer(Setting.BP_BOARD_PORT))
                    .hasMessageContaining("BP_BOARD_PORT").hasMessageContaining("'" + port + "'");
        }
        assertThatThrownBy(() -> Settings.of(context(Map.of("bp.board.host", "a b"))).text(Setting.BP_BOARD_HOST))
                .hasMessageContaining("BP_BOARD_HOST");
    }

    @Test
    void theBoardIsOnWhereThereIsElasticsearch() {
        assertThat(roles(Map.of("bp.routes", "simulator,detector")).servesBoard()).isTrue();
        assertThat(roles(Map.of("bp.routes", "detector")).servesBoard()).isTrue();
        assertThat(roles(Map.of("bp.routes", "simulator", "bp.elasticsearch.url", "http://es:9200")).servesBoard())
                .isTrue();
        assertThat(roles(Map.of("bp.routes", "simulator")).servesBoard()).isFalse();
    }

    @Test
    void theRoleDecidesWhichRoutesAreLeftOut() {
        assertThat(roles(Map.of("bp.routes", "simulator,detector,ingest,feed")).excludedRoutesPattern()).isEmpty();
        assertThat(roles(Map.of("bp.routes", "simulator,detector")).excludedRoutesPattern()).isEqualTo("ingest*,feed*");
        assertThat(roles(Map.of("bp.routes", "detector")).excludedRoutesPattern()).isEqualTo("simulator*,ingest*,feed*");
        assertThat(roles(Map.of("bp.routes", "simulator")).excludedRoutesPattern())
                .isEqualTo("detector*,ingest*,feed*,alerts*");
        assertThat(roles(Map.of("bp.routes", "detector", "bp.alerts.enabled", "false")).excludedRoutesPattern())
                .as("the detector without its engine").isEqualTo("simulator*,ingest*,feed*,alerts*");
        assertThat(roles(Map.of("bp.routes", "alerts")).routeFiles("file:routes/")).isEqualTo("file:routes/alerts.yaml");
        assertThat(roles(Map.of("bp.routes", "alerts")).needsElasticsearch()).as("the projection indexes").isTrue();
        assertThat(roles(Map.of("bp.routes", "feed,detector")).routeFiles("file:routes/"))
                .isEqualTo("file:routes/detector.yaml,file:routes/feed.yaml,file:routes/alerts.yaml");
        assertThat(roles(Map.of("bp.routes", "simulator")).needsElasticsearch()).isFalse();
        assertThat(roles(Map.of("bp.routes", "ingest,simulator")).routeFiles("file:routes/"))
                .isEqualTo("file:routes/simulator.yaml,file:routes/ingest.yaml");
    }

    @Test
    void theFunctionTellsCamelMainWhetherToOpenThePortAndWhichRoutesToLeaveOut() {
        DefaultCamelContext context = context(Map.of("bp.routes", "simulator"));
        RoleFunction function = new RoleFunction();
        function.setCamelContext(context);
        assertThat(function.apply("board")).isEqualTo("false");
        assertThat(context.getPropertiesComponent().parseUri("{{role:board}}")).isEqualTo("false");
        assertThat(context.getPropertiesComponent().parseUri("{{role:excluded-routes}}"))
                .isEqualTo("detector*,ingest*,feed*,alerts*");
        assertThat(context.getPropertiesComponent().parseUri("{{role:http-server}}")).isEqualTo("false");
        assertThat(context(Map.of("bp.routes", "ingest")).getPropertiesComponent().parseUri("{{role:http-server}}"))
                .isEqualTo("true");
        assertThat(context(Map.of("bp.routes", "feed")).getPropertiesComponent().parseUri("{{role:http-server}}"))
                .isEqualTo("false");
        assertThat(context(Map.of("bp.routes", "detector")).getPropertiesComponent().parseUri("{{role:board}}"))
                .isEqualTo("true");
    }

    @Test
    void withClientCertificatesRequiredCamelMainsServerStaysOffForBpMonitorsOwn(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "");
        assertThat(context(Map.of("bp.routes", "ingest", "bp.http.client-ca", ca.toString())).getPropertiesComponent()
                .parseUri("{{role:http-server}}")).isEqualTo("false");
    }

    @Test
    void theHttpServersBodyLimitIsOverEveryLimitOfTheEndpointAndNeverBelowVertxsDefault() {
        // the defaults (64 KiB, 4 MiB): Vert.x's 10 MiB, the limit before it was set
        assertThat(context(Map.of()).getPropertiesComponent().parseUri("{{role:http-max-body-bytes}}"))
                .isEqualTo("10485760");
        assertThat(Settings.of(context(Map.of("bp.ingest.max-bundle-bytes", "20000000"))).httpMaxBodyBytes())
                .isEqualTo(20_000_000L + 1_048_576);
        assertThat(Settings.of(context(Map.of("bp.ingest.max-bundle-bytes", "1024", "bp.max-message-bytes", "10000000")))
                .httpMaxBodyBytes()).isEqualTo(10_000_000L + 1_048_576);
        assertThatThrownBy(() -> context(Map.of("bp.ingest.max-bundle-bytes", "lots")).getPropertiesComponent()
                .parseUri("{{role:http-max-body-bytes}}")).hasMessageContaining("BP_INGEST_MAX_BUNDLE_BYTES");
    }

    private static Roles roles(Map<String, String> values) {
        return Settings.of(context(values)).roles();
    }

    private static DefaultCamelContext context(Map<String, String> values) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties initial = new Properties();
        initial.put("bp.routes", "simulator,detector");
        initial.put("bp.elasticsearch.url", "");
        initial.putAll(values);
        context.getPropertiesComponent().setOverrideProperties(initial);
        return context;
    }
}
