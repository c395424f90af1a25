package io.bpmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipUnpackerTest {

    @TempDir
    Path tempDir;

    @Test
    void unpacksOnceAndMakesScriptsExecutable() throws IOException {
        Path zip = tempDir.resolve("dist.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            add(out, "dist-1.0/", null);
            add(out, "dist-1.0/bin/run", "#!/bin/sh\n");
            add(out, "dist-1.0/config/app.yml", "a: 1\n");
        }
        Path target = Files.createDirectories(tempDir.resolve("stack"));

        Path home = ZipUnpacker.unpackOnce(zip, target, "SETTING");

        assertThat(home).isEqualTo(target.resolve("dist-1.0"));
        assertThat(Files.isExecutable(home.resolve("bin/run"))).isTrue();
        assertThat(home.resolve("config/app.yml")).hasContent("a: 1");
        Files.writeString(home.resolve("config/app.yml"), "edited");
        ZipUnpacker.unpackOnce(zip, target, "SETTING");
        assertThat(home.resolve("config/app.yml")).hasContent("edited");
        try (var leftovers = Files.list(target)) {
            assertThat(leftovers).containsExactly(home);
        }
    }

    @Test
    void missingZipNamesTheSetting() {
        assertThatThrownBy(() -> ZipUnpacker.unpackOnce(tempDir.resolve("nope.zip"), tempDir, "BP_LOCAL_ES_DISTRIBUTION"))
                .hasMessageContaining("BP_LOCAL_ES_DISTRIBUTION")
                .hasMessageContaining("mvn generate-resources");
    }

    private static void add(ZipOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        if (content != null) {
            OutputStream stream = out;
            stream.write(content.getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
    }
}
