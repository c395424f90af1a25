package io.bpmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class ReplaySettingsTest {

    @Test
    void theReplayRunsAloneSinceItEndsTheProcess() {
        assertThat(settings(Map.of("bp.routes", "replay")).roles().roles()).containsExactly(Role.REPLAY);
        assertThatThrownBy(() -> settings(Map.of("bp.routes", "replay,detector")).roles())
                .hasMessageContaining("BP_ROUTES").hasMessageContaining("replay alone");
    }

    @Test
    void itsRouteIsNeverFilteredOutSinceItNeverStartsByItself() {
        assertThat(settings(Map.of("bp.routes", "replay")).roles().excludedRoutesPattern())
                .isEqualTo("simulator*,detector*,ingest*,feed*,alerts*");
        assertThat(settings(Map.of("bp.routes", "replay")).roles().routeFiles("")).isEqualTo("replay.yaml");
        assertThat(settings(Map.of("bp.routes", "replay")).roles().needsElasticsearch()).isFalse();
    }

    @Test
    void offsetsAndInstantsAreCheckedAndMayBeLeftOut() {
        Settings unset = settings(Map.of());
        assertThat(unset.optional(Setting.BP_REPLAY_FROM_OFFSET)).isEmpty();
        assertThat(unset.optional(Setting.BP_REPLAY_TO)).isEmpty();
        assertThat(settings(Map.of("bp.replay.to-offset", "42")).text(Setting.BP_REPLAY_TO_OFFSET)).isEqualTo("42");
        assertThat(settings(Map.of("bp.replay.from", "2026-11-29T10:00:00Z")).text(Setting.BP_REPLAY_FROM))
                .isEqualTo("2026-11-29T10:00:00Z");
        assertThatThrownBy(() -> settings(Map.of("bp.replay.from-offset", "-1")).validate())
                .hasMessageContaining("BP_REPLAY_FROM_OFFSET").hasMessageContaining("'-1'");
        assertThatThrownBy(() -> settings(Map.of("bp.replay.to", "yesterday")).validate())
                .hasMessageContaining("BP_REPLAY_TO").hasMessageContaining("ISO-8601");
    }

    private static Settings settings(Map<String, String> values) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties initial = new Properties();
        initial.put("bp.routes", "replay");
        initial.putAll(values);
        context.getPropertiesComponent().setOverrideProperties(initial);
        return Settings.of(context);
    }
}
