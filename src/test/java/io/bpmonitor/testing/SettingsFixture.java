package io.bpmonitor.testing;

import java.util.Map;
import java.util.Properties;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import io.bpmonitor.elasticsearch.ElasticsearchConnection;
import io.bpmonitor.kafka.KafkaSecurity;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** Settings as the app reads them: application.properties under the given overrides, as an operator would give them. */
public final class SettingsFixture {

    private SettingsFixture() {
    }

    /** The defaults of application.properties alone. */
    public static Settings settingsWith() {
        return settingsWith(Map.of());
    }

    /** These settings over application.properties. */
    public static Settings settingsWith(Setting k1, String v1) {
        return settingsWith(SettingMap.of(k1, v1));
    }

    public static Settings settingsWith(Setting k1, String v1, Setting k2, String v2) {
        return settingsWith(SettingMap.of(k1, v1, k2, v2));
    }

    public static Settings settingsWith(Setting k1, String v1, Setting k2, String v2, Setting k3, String v3) {
        return settingsWith(SettingMap.of(k1, v1, k2, v2, k3, v3));
    }

    public static Settings settingsWith(Setting k1, String v1, Setting k2, String v2, Setting k3, String v3,
            Setting k4, String v4) {
        return settingsWith(SettingMap.of(k1, v1, k2, v2, k3, v3, k4, v4));
    }

    public static Settings settingsWith(Setting k1, String v1, Setting k2, String v2, Setting k3, String v3,
            Setting k4, String v4, Setting k5, String v5) {
        return settingsWith(SettingMap.of(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5));
    }

    public static Settings settingsWith(Setting k1, String v1, Setting k2, String v2, Setting k3, String v3,
            Setting k4, String v4, Setting k5, String v5, Setting k6, String v6) {
        return settingsWith(SettingMap.of(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5, k6, v6));
    }

    /** {@code values} by property ({@link SettingMap#of}) over application.properties. */
    public static Settings settingsWith(Map<String, String> values) {
        PropertiesComponent properties = new DefaultCamelContext().getPropertiesComponent();
        properties.setLocation("classpath:application.properties");
        Properties overrides = new Properties();
        values.forEach(overrides::setProperty);
        properties.setOverrideProperties(overrides);
        return new Settings(properties);
    }

    /** Everything start-up checks before connecting: each setting, then the rules that span settings. */
    public static void validateAll(Settings settings) {
        settings.validate();
        KafkaSecurity.from(settings);
        if (settings.optional(Setting.ELASTICSEARCH_URL).isPresent()) {
            ElasticsearchConnection.from(settings);
        }
    }
}
