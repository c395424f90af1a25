package io.bpmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** An alert output's YAML is loaded where the alert engine runs and its URL is set, and nowhere else. */
class AlertOutputRolesTest {

    @Test
    void eachOutputWithItsUrlJoinsTheAlertEnginesFiles() {
        assertThat(settings(Map.of("bp.routes", "detector")).roles().routeFiles("file:routes/"))
                .isEqualTo("file:routes/detector.yaml,file:routes/alerts.yaml");
        assertThat(settings(Map.of("bp.routes", "detector", "bp.alert.webhook.url", "https://pager.example/hook"))
                .roles().routeFiles("")).isEqualTo("detector.yaml,alerts.yaml,alert-webhook.yaml");
        assertThat(settings(Map.of("bp.routes", "simulator,detector", "bp.alert.webhook.url", "http://h/w",
                "bp.alert.fhir.url", "https://ehr.example/fhir")).roles().routeFiles(""))
                .isEqualTo("simulator.yaml,detector.yaml,alerts.yaml,alert-webhook.yaml,alert-fhir.yaml");
        assertThat(settings(Map.of("bp.routes", "alerts", "bp.alert.webhook.url", "http://h/w")).roles().routeFiles(""))
                .as("the engine run apart").isEqualTo("alerts.yaml,alert-webhook.yaml");
        assertThat(settings(Map.of("bp.routes", "detector", "bp.alerts.enabled", "false", "bp.alert.webhook.url",
                "http://h/w")).roles().routeFiles("")).as("a detector without the engine").isEqualTo("detector.yaml");
    }

    @Test
    void withoutTheAlertEngineNoOutputRuns() {
        Roles roles = settings(Map.of("bp.routes", "simulator", "bp.alert.webhook.url", "http://h/w")).roles();
        assertThat(roles.activeAlertOutputs()).isEmpty();
        assertThat(roles.routeFiles("")).isEqualTo("simulator.yaml");
    }

    @Test
    void anOutputUrlIsOneHttpUrl() {
        assertThatThrownBy(() -> settings(Map.of("bp.alert.webhook.url", "ftp://pager/hook")).validate())
                .hasMessageContaining("BP_ALERT_WEBHOOK_URL");
        assertThatThrownBy(() -> settings(Map.of("bp.alert.fhir.url", "http://a/fhir,http://b/fhir")).validate())
                .hasMessageContaining("BP_ALERT_FHIR_URL").hasMessageContaining("one http");
    }

    private static Settings settings(Map<String, String> values) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties initial = new Properties();
        initial.put("bp.routes", "detector");
        initial.put("bp.elasticsearch.url", "");
        initial.putAll(values);
        context.getPropertiesComponent().setOverrideProperties(initial);
        return Settings.of(context);
    }
}
