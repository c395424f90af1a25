package io.bpmonitor.config;

import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed, validated access to the {@link Setting}s, each checked against its declaration, so a bad value fails at
 * start-up with its name. One instance per Camel context: {@link #of(CamelContext)}.
 */
public final class Settings {

    private static final String REGISTRY_NAME = "bpSettings";
    /** How far the HTTP server's body limit is above the largest body the FHIR endpoint takes. */
    private static final long HTTP_BODY_MARGIN = 1 << 20;

    private final PropertiesComponent properties;

    public Settings(PropertiesComponent properties) {
        this.properties = properties;
        SettingDefaults.registerIn(properties);
    }

    /** The context's settings, bound in its registry on first use. */
    public static Settings of(CamelContext context) {
        Settings settings = context.getRegistry().lookupByNameAndType(REGISTRY_NAME, Settings.class);
        if (settings == null) {
            settings = new Settings(context.getPropertiesComponent());
            context.getRegistry().bind(REGISTRY_NAME, settings);
        }
        return settings;
    }

    /** The value, trimmed and checked against the setting's type. */
    public String text(Setting setting) {
        String value = properties.resolveProperty(setting.property()).map(String::trim).orElse("");
        return setting.type().check(setting, value);
    }

    public Optional<String> optional(Setting setting) {
        String value = text(setting);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public String required(Setting setting) {
        return optional(setting).orElseThrow(() -> new InvalidSettingException(setting, "a value", ""));
    }

    /** An integer setting, within its declared range. */
    public int integer(Setting setting) {
        return Integer.parseInt(text(setting));
    }

    /** A number setting, within its declared range. */
    public double number(Setting setting) {
        return Double.parseDouble(text(setting));
    }

    public boolean flag(Setting setting) {
        return Boolean.parseBoolean(text(setting));
    }

    /**
     * The HTTP server's own limit on a request body, in bytes ({@code camel.server.max-body-size}): 1 MiB over the
     * largest body the FHIR endpoint takes, never below Vert.x's default of 10 MiB. So a body just over the endpoint's
     * limits meets the endpoint's own 413, naming its limit, and the server refuses only bodies well over any of them.
     */
    public long httpMaxBodyBytes() {
        long largest = Math.max(integer(Setting.BP_INGEST_MAX_BUNDLE_BYTES), integer(Setting.BP_MAX_MESSAGE_BYTES));
        return Math.max(BodyHandler.DEFAULT_BODY_LIMIT, largest + HTTP_BODY_MARGIN);
    }

    public Roles roles() {
        String value = text(Setting.BP_ROUTES);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        String expected = "a list of " + String.join(", ", Role.names());
        for (String name : value.split(",")) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                roles.add(Role.valueOf(trimmed.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.BP_ROUTES, expected, value);
            }
        }
        if (roles.isEmpty()) {
            throw new InvalidSettingException(Setting.BP_ROUTES, expected, value);
        }
        if (roles.contains(Role.REPLAY) && roles.size() > 1) {
            // the replay ends the process when done, which would end the other roles with it
            throw new InvalidSettingException(Setting.BP_ROUTES, "replay alone, or a list of the other roles", value);
        }
        if (roles.contains(Role.DETECTOR) && flag(Setting.BP_ALERTS_ENABLED)) {
            roles.add(Role.ALERTS);
        }
        Set<AlertOutput> outputs = EnumSet.noneOf(AlertOutput.class);
        for (AlertOutput output : AlertOutput.values()) {
            if (optional(output.url()).isPresent()) {
                outputs.add(output);
            }
        }
        return new Roles(roles, optional(Setting.ELASTICSEARCH_URL).isPresent(), outputs);
    }

    /** One or more comma-separated http(s) URLs with a host. */
    public List<URI> urls(Setting setting) {
        String value = required(setting);
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(url -> {
                    try {
                        URI uri = URI.create(url);
                        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                            return uri;
                        }
                    } catch (IllegalArgumentException e) {
                        // reported below
                    }
                    throw new InvalidSettingException(setting, "comma-separated http:// or https:// URLs", value);
                })
                .toList();
    }

    /** Exactly one http(s) URL. */
    public URI url(Setting setting) {
        List<URI> urls = urls(setting);
        if (urls.size() != 1) {
            throw new InvalidSettingException(setting, "one http:// or https:// URL", text(setting));
        }
        return urls.get(0);
    }

    /**
     * Checks every setting against its declaration, so none fails later on the first message. Rules that span
     * settings (security) are checked where those settings are used, before Camel starts.
     */
    public void validate() {
        for (Setting setting : Setting.values()) {
            text(setting);
        }
        roles();
        if (optional(Setting.ELASTICSEARCH_URL).isPresent()) {
            urls(Setting.ELASTICSEARCH_URL);
        }
        for (AlertOutput output : AlertOutput.values()) {
            if (optional(output.url()).isPresent()) {
                url(output.url());
            }
        }
    }
}
