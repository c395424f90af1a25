package io.bpmonitor.testing;

import java.util.Properties;

import io.bpmonitor.config.Settings;
import io.bpmonitor.elasticsearch.ElasticsearchConnection;
import io.bpmonitor.kafka.KafkaSecurity;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** Settings as the app reads them: application.properties under the given overrides, as an operator would give them. */
public final class SettingsFixture {

    private SettingsFixture() {
    }

    /** {@code keyValues}: property, value, property, value, ... */
    public static Settings settingsWith(String... keyValues) {
        PropertiesComponent properties = new DefaultCamelContext().getPropertiesComponent();
        properties.setLocation("classpath:application.properties");
        Properties overrides = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            overrides.setProperty(keyValues[i], keyValues[i + 1]);
        }
        properties.setOverrideProperties(overrides);
        return new Settings(properties);
    }

    /** Everything start-up checks before connecting: each setting, then the rules that span settings. */
    public static void validateAll(Settings settings) {
        settings.validate();
        KafkaSecurity.from(settings);
        if (settings.optional(io.bpmonitor.config.Setting.ELASTICSEARCH_URL).isPresent()) {
            ElasticsearchConnection.from(settings);
        }
    }
}
