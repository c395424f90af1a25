package io.bpmonitor.app;

import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.spi.PropertiesComponent;

/** Typed, validated access to the {@link Setting}s, so a bad value fails at start-up with its name. */
public final class Settings {

    /** The routes {@code BP_ROUTES} can select. */
    public enum Role { SIMULATOR, DETECTOR }

    private final PropertiesComponent properties;

    public Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    public String text(Setting setting) {
        return properties.resolveProperty(setting.property()).map(String::trim).orElse("");
    }

    public Optional<String> optional(Setting setting) {
        String value = text(setting);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public String required(Setting setting) {
        return optional(setting).orElseThrow(() -> new InvalidSettingException(setting, "a value", ""));
    }

    public int integer(Setting setting, int min, int max) {
        String value = text(setting);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected range
        }
        throw new InvalidSettingException(setting, "an integer from " + min + " to " + max, value);
    }

    public double positiveNumber(Setting setting, double max) {
        String value = text(setting);
        try {
            double parsed = Double.parseDouble(value);
            if (parsed > 0 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected range
        }
        throw new InvalidSettingException(setting, "a number above 0 and at most " + max, value);
    }

    public Set<Role> routes() {
        String value = text(Setting.BP_ROUTES);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : value.split(",")) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                roles.add(Role.valueOf(trimmed.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.BP_ROUTES, "a list of simulator, detector", value);
            }
        }
        if (roles.isEmpty()) {
            throw new InvalidSettingException(Setting.BP_ROUTES, "a list of simulator, detector", value);
        }
        return roles;
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

    /** Checks every setting the routes read, so none fails later on the first message. */
    public void validate() {
        routes();
        integer(Setting.BP_SYSTOLIC_THRESHOLD, 60, 300);
        integer(Setting.BP_DIASTOLIC_THRESHOLD, 30, 200);
        positiveNumber(Setting.BP_SIMULATOR_RATE, 1_000_000);
        integer(Setting.BP_SIMULATOR_PATIENTS, 1, 1_000_000);
        integer(Setting.BP_DETECTOR_MAX_POLL_RECORDS, 1, 100_000);
        integer(Setting.BP_MAX_MESSAGE_BYTES, 1_024, 10_000_000);
        integer(Setting.BP_RETRY_INITIAL_DELAY_MS, 1, 60_000);
        integer(Setting.BP_RETRY_MAX_DELAY_MS, 1, 600_000);
        integer(Setting.BP_PROGRESS_INTERVAL_MS, 100, 3_600_000);
        for (Setting name : List.of(Setting.BP_TOPIC, Setting.BP_DLQ_TOPIC, Setting.BP_GROUP_ID, Setting.BP_INDEX)) {
            required(name);
        }
        String seed = text(Setting.BP_SIMULATOR_SEED);
        if (!seed.isEmpty()) {
            try {
                Long.parseLong(seed);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(Setting.BP_SIMULATOR_SEED, "an integer or nothing", seed);
            }
        }
    }
}
