package io.bpmonitor.config;

import static io.bpmonitor.config.Setting.BP_ALERTS_ENABLED;
import static io.bpmonitor.config.Setting.BP_ALERT_FHIR_URL;
import static io.bpmonitor.config.Setting.BP_ALERT_WEBHOOK_URL;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;

import io.bpmonitor.testing.SettingMap;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** An alert output's YAML is loaded where the alert engine runs and its URL is set, and nowhere else. */
class AlertOutputRolesTest {

    @Test
    void eachOutputWithItsUrlJoinsTheAlertEnginesFiles() {
        assertThat(settings(SettingMap.of(BP_ROUTES, "detector")).roles().routeFiles("file:routes/"))
                .isEqualTo("file:routes/detector.yaml,file:routes/alerts.yaml");
        assertThat(settings(SettingMap.of(BP_ROUTES, "detector", BP_ALERT_WEBHOOK_URL, "https://pager.example/hook"))
                .roles().routeFiles("")).isEqualTo("detector.yaml,alerts.yaml,alert-webhook.yaml");
        assertThat(settings(SettingMap.of(BP_ROUTES, "simulator,detector", BP_ALERT_WEBHOOK_URL, "http://h/w",
                BP_ALERT_FHIR_URL, "https://ehr.example/fhir")).roles().routeFiles(""))
                .isEqualTo("simulator.yaml,detector.yaml,alerts.yaml,alert-webhook.yaml,alert-fhir.yaml");
        assertThat(settings(SettingMap.of(BP_ROUTES, "alerts", BP_ALERT_WEBHOOK_URL, "http://h/w")).roles()
                .routeFiles(""))
                .as("the engine run apart").isEqualTo("alerts.yaml,alert-webhook.yaml");
        assertThat(settings(SettingMap.of(BP_ROUTES, "detector", BP_ALERTS_ENABLED, "false", BP_ALERT_WEBHOOK_URL,
                "http://h/w")).roles().routeFiles("")).as("a detector without the engine").isEqualTo("detector.yaml");
    }

    @Test
    void withoutTheAlertEngineNoOutputRuns() {
        Roles roles = settings(SettingMap.of(BP_ROUTES, "simulator", BP_ALERT_WEBHOOK_URL, "http://h/w")).roles();
        assertThat(roles.activeAlertOutputs()).isEmpty();
        assertThat(roles.routeFiles("")).isEqualTo("simulator.yaml");
    }

    @Test
    void anOutputUrlIsOneHttpUrl() {
        assertThatThrownBy(() -> settings(SettingMap.of(BP_ALERT_WEBHOOK_URL, "ftp://pager/hook")).validate())
                .hasMessageContaining("BP_ALERT_WEBHOOK_URL");
        assertThatThrownBy(() -> settings(SettingMap.of(BP_ALERT_FHIR_URL, "http://a/fhir,http://b/fhir")).validate())
                .hasMessageContaining("BP_ALERT_FHIR_URL").hasMessageContaining("one http");
    }

    private static Settings settings(Map<String, String> values) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties initial = new Properties();
        initial.put(BP_ROUTES.property(), "detector");
        initial.put(ELASTICSEARCH_URL.property(), "");
        initial.putAll(values);
        context.getPropertiesComponent().setOverrideProperties(initial);
        return Settings.of(context);
    }
}
