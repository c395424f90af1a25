package io.bpmonitor.config;

import static io.bpmonitor.config.Setting.BP_REPLAY_FROM;
import static io.bpmonitor.config.Setting.BP_REPLAY_FROM_OFFSET;
import static io.bpmonitor.config.Setting.BP_REPLAY_TO;
import static io.bpmonitor.config.Setting.BP_REPLAY_TO_OFFSET;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;

import io.bpmonitor.testing.SettingMap;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class ReplaySettingsTest {

    @Test
    void theReplayRunsAloneSinceItEndsTheProcess() {
        assertThat(settings(SettingMap.of(BP_ROUTES, "replay")).roles().roles()).containsExactly(Role.REPLAY);
        assertThatThrownBy(() -> settings(SettingMap.of(BP_ROUTES, "replay,detector")).roles())
                .hasMessageContaining("BP_ROUTES").hasMessageContaining("replay alone");
    }

    @Test
    void itsRouteIsNeverFilteredOutSinceItNeverStartsByItself() {
        assertThat(settings(SettingMap.of(BP_ROUTES, "replay")).roles().excludedRoutesPattern())
                .isEqualTo("simulator*,detector*,ingest*,feed*,alerts*,hl7*");
        assertThat(settings(SettingMap.of(BP_ROUTES, "replay")).roles().routeFiles("")).isEqualTo("replay.yaml");
        assertThat(settings(SettingMap.of(BP_ROUTES, "replay")).roles().needsElasticsearch()).isFalse();
    }

    @Test
    void offsetsAndInstantsAreCheckedAndMayBeLeftOut() {
        Settings unset = settings(Map.of());
        assertThat(unset.optional(BP_REPLAY_FROM_OFFSET)).isEmpty();
        assertThat(unset.optional(BP_REPLAY_TO)).isEmpty();
        assertThat(settings(SettingMap.of(BP_REPLAY_TO_OFFSET, "42")).text(BP_REPLAY_TO_OFFSET)).isEqualTo("42");
        assertThat(settings(SettingMap.of(BP_REPLAY_FROM, "2026-11-29T10:00:00Z")).text(BP_REPLAY_FROM))
                .isEqualTo("2026-11-29T10:00:00Z");
        assertThatThrownBy(() -> settings(SettingMap.of(BP_REPLAY_FROM_OFFSET, "-1")).validate())
                .hasMessageContaining("BP_REPLAY_FROM_OFFSET").hasMessageContaining("'-1'");
        assertThatThrownBy(() -> settings(SettingMap.of(BP_REPLAY_TO, "yesterday")).validate())
                .hasMessageContaining("BP_REPLAY_TO").hasMessageContaining("ISO-8601");
    }

    private static Settings settings(Map<String, String> values) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties initial = new Properties();
        initial.put(BP_ROUTES.property(), "replay");
        initial.putAll(values);
        context.getPropertiesComponent().setOverrideProperties(initial);
        return Settings.of(context);
    }
}
