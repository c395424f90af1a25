package io.bpmonitor.config;

import static io.bpmonitor.config.Setting.BP_ALERTS_ENABLED;
import static io.bpmonitor.config.Setting.BP_DIASTOLIC_THRESHOLD;
import static io.bpmonitor.config.Setting.BP_DLQ_TOPIC;
import static io.bpmonitor.config.Setting.BP_GROUP_ID;
import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.BP_SIMULATOR_RATE;
import static io.bpmonitor.config.Setting.BP_SYSTOLIC_THRESHOLD;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_URL;
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
        assertThat(settings.integer(BP_SYSTOLIC_THRESHOLD)).isEqualTo(140);
        assertThat(settings.integer(BP_DIASTOLIC_THRESHOLD)).isEqualTo(90);
        assertThat(settings.text(BP_TOPIC)).isEqualTo("bp-observations");
        assertThat(settings.text(BP_DLQ_TOPIC)).isEqualTo("bp-observations-dlq");
        assertThat(settings.text(BP_GROUP_ID)).isEqualTo("bp-anomaly-detector");
        assertThat(settings.text(BP_INDEX)).isEqualTo("bp_anomalies");
    }

    @Test
    void aBadValueNamesItsEnvironmentVariable() {
        assertThatThrownBy(() -> validateAll(settingsWith(BP_SYSTOLIC_THRESHOLD, "high")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid setting BP_SYSTOLIC_THRESHOLD (bp.systolic-threshold): "
                        + "expected an integer from 60 to 300, got 'high'");
        assertThatThrownBy(() -> validateAll(settingsWith(BP_ROUTES, "simulator,indexer")))
                .hasMessageContaining("BP_ROUTES");
        assertThatThrownBy(() -> validateAll(settingsWith(BP_SIMULATOR_RATE, "-5")))
                .hasMessageContaining("BP_SIMULATOR_RATE");
        assertThatThrownBy(() -> validateAll(settingsWith(BP_TOPIC, " ")))
                .hasMessageContaining("BP_TOPIC");
    }

    @Test
    void elasticsearchUrlsAreCheckedAndMayBeSeveral() {
        assertThat(settingsWith(ELASTICSEARCH_URL, "https://es-1:9200, http://es-2").urls(ELASTICSEARCH_URL))
                .extracting(uri -> uri.getHost()).containsExactly("es-1", "es-2");
        assertThatThrownBy(() -> settingsWith(ELASTICSEARCH_URL, "es-1:9200").urls(ELASTICSEARCH_URL))
                .hasMessageContaining("ELASTICSEARCH_URL");
    }

    @Test
    void detectorsCanRunAloneAndTheAlertEngineApart() {
        assertThat(settingsWith(BP_ROUTES, "detector", BP_ALERTS_ENABLED, "false").roles().roles())
                .containsExactly(Role.DETECTOR);
        assertThat(settingsWith(BP_ROUTES, "alerts").roles().roles()).containsExactly(Role.ALERTS);
        assertThat(settingsWith(BP_ROUTES, "detector").roles().roles()).containsExactlyInAnyOrder(Role.DETECTOR, Role.ALERTS);
    }
}
