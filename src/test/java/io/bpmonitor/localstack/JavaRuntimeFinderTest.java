package io.bpmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimeFinderTest {

    @TempDir
    Path tempDir;

    @Test
    void parsesMajorVersions() {
        assertThat(JavaRuntimeFinder.parseMajor("25.0.3")).isEqualTo(25);
        assertThat(JavaRuntimeFinder.parseMajor("21")).isEqualTo(21);
        assertThat(JavaRuntimeFinder.parseMajor("21-ea")).isEqualTo(21);
        assertThat(JavaRuntimeFinder.parseMajor("17.0.15+6")).isEqualTo(17);
        assertThat(JavaRuntimeFinder.parseMajor("1.8.0_292")).isEqualTo(8);
        assertThat(JavaRuntimeFinder.parseMajor("garbage")).isZero();
    }

    @Test
    void readsTheReleaseFile() throws IOException {
        Path jdk = fakeJdk("jdk21", "21.0.2");
        assertThat(JavaRuntimeFinder.majorVersion(jdk)).hasValue(21);
        assertThat(JavaRuntimeFinder.majorVersion(tempDir.resolve("missing"))).isEmpty();
    }

    @Test
    void acceptsAnExplicitJdk21() throws IOException {
        Path jdk = fakeJdk("jdk21", "21.0.2");
        assertThat(JavaRuntimeFinder.find(Optional.of(jdk))).isEqualTo(jdk);
    }

    @Test
    void rejectsAnExplicitOldJdkNamingTheSetting() throws IOException {
        Path jdk = fakeJdk("jdk17", "17.0.15");
        assertThatThrownBy(() -> JavaRuntimeFinder.find(Optional.of(jdk)))
                .hasMessageContaining(LocalStackSettings.ELASTICSEARCH_JAVA_HOME)
                .hasMessageContaining("Java 21");
    }

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = tempDir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }
}
