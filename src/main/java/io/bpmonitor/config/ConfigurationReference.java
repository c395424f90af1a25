package io.bpmonitor.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** {@code docs/configuration.md}, written from the {@link Setting} declarations. */
public final class ConfigurationReference {

    private ConfigurationReference() {
    }

    public static String markdown() {
        StringBuilder page = new StringBuilder("""
                # Configuration reference

                <!-- Generated from io.bpmonitor.config.Setting by ConfigurationReferenceTest; do not edit by hand:
                     ./mvnw -q test -Dtest=ConfigurationReferenceTest -Dbp.docs.write=true -->

                Every setting is an environment variable (a JVM system property `-D<property>=...` also works). A bad
                value stops the start-up with one line naming the variable, e.g. `Invalid setting BP_SYSTOLIC_THRESHOLD
                (bp.systolic-threshold): expected an integer from 60 to 300, got 'high'`. Secrets are never shown.

                | variable | property | type | default | roles | meaning |
                |---|---|---|---|---|---|
                """);
        for (Setting setting : Setting.values()) {
            page.append("| `").append(setting.name()).append("` | `").append(setting.property()).append("` | ")
                    .append(setting.type().describe()).append(" | ")
                    .append(setting.defaultValue().isEmpty() ? "" : "`" + setting.defaultValue() + "`").append(" | ")
                    .append(roles(setting)).append(" | ")
                    .append(setting.description().replace("|", "\\|")).append(" |\n");
        }
        return page.toString();
    }

    private static String roles(Setting setting) {
        if (setting.roles().size() == Role.values().length) {
            return "all";
        }
        return Arrays.stream(Role.values()).filter(setting.roles()::contains).map(Role::routePrefix)
                .collect(Collectors.joining(", "));
    }
}
