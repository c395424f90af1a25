package io.bpmonitor.app;

import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** Settings as the app reads them: application.properties under the given overrides, as an operator would give them. */
final class SettingsFixture {

    private SettingsFixture() {
    }

    /** {@code keyValues}: property, value, property, value, ... */
    static Settings settingsWith(String... keyValues) {
        PropertiesComponent properties = new DefaultCamelContext().getPropertiesComponent();
        properties.setLocation("classpath:application.properties");
        Properties overrides = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            overrides.setProperty(keyValues[i], keyValues[i + 1]);
        }
        properties.setOverrideProperties(overrides);
        return new Settings(properties);
    }
}
