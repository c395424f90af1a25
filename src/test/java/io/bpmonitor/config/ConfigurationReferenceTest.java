package io.bpmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The docs and the code cannot disagree: the reference is generated from the declarations, and nothing reads an undeclared setting. */
class ConfigurationReferenceTest {

    private static final Path PAGE = Path.of("docs", "configuration.md");
    private static final Pattern PLACEHOLDER = Pattern.compile("(?:\\{\\{|\\$\\{properties:)(bp\\.[a-z0-9.\\-]+)");

    @Test
    void thePageIsGeneratedFromTheDeclarations() throws IOException {
        String generated = ConfigurationReference.markdown();
        if (Boolean.getBoolean("bp.docs.write")) {
            Files.writeString(PAGE, generated);
        }
        assertThat(Files.readString(PAGE)).as("docs/configuration.md is stale: regenerate it with "
                + "./mvnw -q test -Dtest=ConfigurationReferenceTest -Dbp.docs.write=true").isEqualTo(generated);
    }

    @Test
    void everySettingTheRoutesAndPropertiesReadIsDeclared() throws IOException {
        List<String> undeclared = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.list(Path.of("routes")),
                Stream.of(Path.of("src", "main", "resources", "application.properties")))) {
            for (Path file : files.toList()) {
                Matcher matcher = PLACEHOLDER.matcher(Files.readString(file));
                while (matcher.find()) {
                    if (Setting.forProperty(matcher.group(1)) == null) {
                        undeclared.add(file + ": " + matcher.group(1));
                    }
                }
            }
        }
        assertThat(undeclared).isEmpty();
    }

    @Test
    void eachEnvironmentVariableIsTheSettingsNameAndEachPropertyIsUnique() {
        assertThat(Stream.of(Setting.values()).map(Setting::property).distinct().count())
                .isEqualTo(Setting.values().length);
        // literal on purpose: the names an operator and the routes write, not the declaration read back
        assertThat(Setting.forProperty("bp.topic")).isEqualTo(Setting.BP_TOPIC);
        assertThat(new SettingDefaults(java.util.Map.of("BP_TOPIC", "readings")).getProperty("bp.topic")).isEqualTo("readings");
        assertThat(new SettingDefaults(java.util.Map.of()).getProperty("bp.topic")).isEqualTo("bp-observations");
        assertThat(new SettingDefaults(java.util.Map.of()).getProperty("camel.main.name")).isNull();
    }
}
