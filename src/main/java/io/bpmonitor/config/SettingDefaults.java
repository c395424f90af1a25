package io.bpmonitor.config;

import java.util.Map;
import java.util.function.Function;

import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesSource;

/**
 * Gives every {@link Setting}'s property its value: the environment variable of the setting's name when set, else its
 * declared default. Camel finds it on the classpath ({@code META-INF/services/org/apache/camel/properties-source-factory}),
 * so {@code java -jar}, the tests and {@code camel run} resolve {@code {{bp.topic}}} alike; a JVM system property or
 * an override property still wins, as Camel's own lookup checks those first.
 */
public class SettingDefaults implements PropertiesSource, Ordered {

    private static final String NAME = "bp-monitor settings";

    private final Function<String, String> environment;

    public SettingDefaults() {
        this(System::getenv);
    }

    SettingDefaults(Map<String, String> environment) {
        this(environment::get);
    }

    private SettingDefaults(Function<String, String> environment) {
        this.environment = environment;
    }

    /**
     * Adds the source unless Camel found it already: under {@code camel run} the application's jar joins the classpath
     * after the properties component looked for sources, so {@link Settings} adds it on first use.
     */
    static void registerIn(PropertiesComponent properties) {
        if (properties.getPropertiesSource(NAME) == null) {
            properties.addPropertiesSource(new SettingDefaults());
        }
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getProperty(String name) {
        Setting setting = Setting.forProperty(name);
        if (setting == null) {
            return null;
        }
        String value = environment.apply(setting.name());
        return value != null ? value : setting.defaultValue();
    }

    /** After application.properties and any other source, so those may still set a value. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST;
    }
}
