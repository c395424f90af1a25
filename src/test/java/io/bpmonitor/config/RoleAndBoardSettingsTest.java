package io.bpmonitor.config;

import static io.bpmonitor.config.Setting.BP_ALERTS_ENABLED;
import static io.bpmonitor.config.Setting.BP_BOARD_HOST;
import static io.bpmonitor.config.Setting.BP_BOARD_PORT;
import static io.bpmonitor.config.Setting.BP_HTTP_CLIENT_CA;
import static io.bpmonitor.config.Setting.BP_INGEST_MAX_BUNDLE_BYTES;
import static io.bpmonitor.config.Setting.BP_MAX_MESSAGE_BYTES;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import io.bpmonitor.testing.SettingMap;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoleAndBoardSettingsTest {

    @Test
    void loopbackPort8080ByDefault() {
        Settings settings = Settings.of(context(SettingMap.of(BP_ROUTES, "detector")));
        assertThat(settings.text(BP_BOARD_HOST)).isEqualTo("127.0.0.1");
        assertThat(settings.integer(BP_BOARD_PORT)).isEqualTo(8080);
    }

    @Test
    void badPortOrHostNamesTheSetting() {
        for (String port : new String[] {"0", "65536", "eighty", "-1"}) {
            assertThatThrownBy(() -> Settings.of(context(SettingMap.of(BP_BOARD_PORT, port))).integer(BP_BOARD_PORT))
                    .hasMessageContaining("BP_BOARD_PORT").hasMessageContaining("'" + port + "'");
        }
        assertThatThrownBy(() -> Settings.of(context(SettingMap.of(BP_BOARD_HOST, "a b"))).text(BP_BOARD_HOST))
                .hasMessageContaining("BP_BOARD_HOST");
    }

    @Test
    void theBoardIsOnWhereThereIsElasticsearch() {
        assertThat(roles(SettingMap.of(BP_ROUTES, "simulator,detector")).servesBoard()).isTrue();
        assertThat(roles(SettingMap.of(BP_ROUTES, "detector")).servesBoard()).isTrue();
        assertThat(roles(SettingMap.of(BP_ROUTES, "simulator", ELASTICSEARCH_URL, "http://es:9200")).servesBoard())
                .isTrue();
        assertThat(roles(SettingMap.of(BP_ROUTES, "simulator")).servesBoard()).isFalse();
    }

    @Test
    void theRoleDecidesWhichRoutesAreLeftOut() {
        assertThat(roles(SettingMap.of(BP_ROUTES, "simulator,detector,ingest,feed,hl7")).excludedRoutesPattern()).isEmpty();
        assertThat(roles(SettingMap.of(BP_ROUTES, "simulator,detector")).excludedRoutesPattern())
                .isEqualTo("ingest*,feed*,hl7*");
        assertThat(roles(SettingMap.of(BP_ROUTES, "detector")).excludedRoutesPattern())
                .isEqualTo("simulator*,ingest*,feed*,hl7*");
        assertThat(roles(SettingMap.of(BP_ROUTES, "simulator")).excludedRoutesPattern())
                .isEqualTo("detector*,ingest*,feed*,alerts*,hl7*");
        assertThat(roles(SettingMap.of(BP_ROUTES, "detector", BP_ALERTS_ENABLED, "false")).excludedRoutesPattern())
                .as("the detector without its engine").isEqualTo("simulator*,ingest*,feed*,alerts*,hl7*");
        assertThat(roles(SettingMap.of(BP_ROUTES, "alerts")).routeFiles("file:routes/"))
                .isEqualTo("file:routes/alerts.yaml");
        assertThat(roles(SettingMap.of(BP_ROUTES, "alerts")).needsElasticsearch()).as("the projection indexes")
                .isTrue();
        assertThat(roles(SettingMap.of(BP_ROUTES, "feed,detector")).routeFiles("file:routes/"))
                .isEqualTo("file:routes/detector.yaml,file:routes/feed.yaml,file:routes/alerts.yaml");
        assertThat(roles(SettingMap.of(BP_ROUTES, "simulator")).needsElasticsearch()).isFalse();
        assertThat(roles(SettingMap.of(BP_ROUTES, "ingest,simulator")).routeFiles("file:routes/"))
                .isEqualTo("file:routes/simulator.yaml,file:routes/ingest.yaml");
    }

    @Test
    void theFunctionTellsCamelMainWhetherToOpenThePortAndWhichRoutesToLeaveOut() {
        DefaultCamelContext context = context(SettingMap.of(BP_ROUTES, "simulator"));
        RoleFunction function = new RoleFunction();
        function.setCamelContext(context);
        assertThat(function.apply("board")).isEqualTo("false");
        assertThat(context.getPropertiesComponent().parseUri("{{role:board}}")).isEqualTo("false");
        assertThat(context.getPropertiesComponent().parseUri("{{role:excluded-routes}}"))
                .isEqualTo("detector*,ingest*,feed*,alerts*,hl7*");
        assertThat(context.getPropertiesComponent().parseUri("{{role:http-server}}")).isEqualTo("false");
        assertThat(context(SettingMap.of(BP_ROUTES, "ingest")).getPropertiesComponent()
                .parseUri("{{role:http-server}}")).isEqualTo("true");
        assertThat(context(SettingMap.of(BP_ROUTES, "feed")).getPropertiesComponent().parseUri("{{role:http-server}}"))
                .isEqualTo("false");
        assertThat(context(SettingMap.of(BP_ROUTES, "detector")).getPropertiesComponent().parseUri("{{role:board}}"))
                .isEqualTo("true");
    }

    @Test
    void withClientCertificatesRequiredCamelMainsServerStaysOffForBpMonitorsOwn(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "");
        assertThat(context(SettingMap.of(BP_ROUTES, "ingest", BP_HTTP_CLIENT_CA, ca.toString()))
                .getPropertiesComponent().parseUri("{{role:http-server}}")).isEqualTo("false");
    }

    @Test
    void theHttpServersBodyLimitIsOverEveryLimitOfTheEndpointAndNeverBelowVertxsDefault() {
        // the defaults (64 KiB, 4 MiB): Vert.x's 10 MiB, the limit before it was set
        assertThat(context(Map.of()).getPropertiesComponent().parseUri("{{role:http-max-body-bytes}}"))
                .isEqualTo("10485760");
        assertThat(Settings.of(context(SettingMap.of(BP_INGEST_MAX_BUNDLE_BYTES, "20000000"))).httpMaxBodyBytes())
                .isEqualTo(20_000_000L + 1_048_576);
        assertThat(Settings.of(context(SettingMap.of(BP_INGEST_MAX_BUNDLE_BYTES, "1024",
                BP_MAX_MESSAGE_BYTES, "10000000"))).httpMaxBodyBytes()).isEqualTo(10_000_000L + 1_048_576);
        assertThatThrownBy(() -> context(SettingMap.of(BP_INGEST_MAX_BUNDLE_BYTES, "lots")).getPropertiesComponent()
                .parseUri("{{role:http-max-body-bytes}}")).hasMessageContaining("BP_INGEST_MAX_BUNDLE_BYTES");
    }

    private static Roles roles(Map<String, String> values) {
        return Settings.of(context(values)).roles();
    }

    private static DefaultCamelContext context(Map<String, String> values) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties initial = new Properties();
        initial.put(BP_ROUTES.property(), "simulator,detector");
        initial.put(ELASTICSEARCH_URL.property(), "");
        initial.putAll(values);
        context.getPropertiesComponent().setOverrideProperties(initial);
        return context;
    }
}
