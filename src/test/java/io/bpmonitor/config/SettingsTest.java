package io.bpmonitor.config;

import static io.bpmonitor.testing.SettingsFixture.settingsWith;
import static io.bpmonitor.testing.SettingsFixture.validateAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void theDefaultsAreValid() {
        Settings settings = settingsWith();

        validateAll(settings);

        assertThat(settings.roles().roles()).as("the alert engine runs with the detector")
                .containsExactlyInAnyOrder(Role.SIMULATOR, Role.DETECTOR, Role.ALERTS);
        assertThat(settings.integer(Setting.BP_SYSTOLIC_THRESHOLD)).isEqualTo(140);
        assertThat(settings.integer(Setting.BP_DIASTOLIC_THRESHOLD)).isEqualTo(90);
        assertThat(settings.text(Setting.BP_TOPIC)).isEqualTo("bp-observations");
        assertThat(settings.text(Setting.BP_DLQ_TOPIC)).isEqualTo("bp-observations-dlq");
        assertThat(settings.text(Setting.BP_GROUP_ID)).isEqualTo("bp-anomaly-detector");
        assertThat(settings.text(Setting.BP_INDEX)).isEqualTo("bp_anomalies");
    }

    @Test
    void aBadValueNamesItsEnvironmentVariable() {
        assertThatThrownBy(() -> validateAll(settingsWith("bp.systolic-threshold", "high")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid setting BP_SYSTOLIC_THRESHOLD (bp.systolic-threshold): "
                        + "expected an integer from 60 to 300, got 'high'");
        assertThatThrownBy(() -> validateAll(settingsWith("bp.routes", "simulator,indexer")))
                .hasMessageContaining("BP_ROUTES");
        assertThatThrownBy(() -> validateAll(settingsWith("bp.simulator.rate", "-5")))
                .hasMessageContaining("BP_SIMULATOR_RATE");
        assertThatThrownBy(() -> validateAll(settingsWith("bp.topic", " ")))
                .hasMessageContaining("BP_TOPIC");
    }

    @Test
    void elasticsearchUrlsAreCheckedAndMayBeSeveral() {
        assertThat(settingsWith("bp.elasticsearch.url", "https://es-1:9200, http://es-2").urls(Setting.ELASTICSEARCH_URL))
                .extracting(uri -> uri.getHost()).containsExactly("es-1", "es-2");
        assertThatThrownBy(() -> settingsWith("bp.elasticsearch.url", "es-1:9200").urls(Setting.ELASTICSEARCH_URL))
                .hasMessageContaining("ELASTICSEARCH_URL");
    }

    @Test
    void detectorsCanRunAloneAndTheAlertEngineApart() {
        assertThat(settingsWith("bp.routes", "detector", "bp.alerts.enabled", "false").roles().roles())
                .containsExactly(Role.DETECTOR);
        assertThat(settingsWith("bp.routes", "alerts").roles().roles()).containsExactly(Role.ALERTS);
        assertThat(settingsWith("bp.routes", "detector").roles().roles()).containsExactlyInAnyOrder(Role.DETECTOR, Role.ALERTS);
    }
}
