package io.bpmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnprivilegedUserTest {

    @TempDir
    Path tempDir;

    @Test
    void readsTheEffectiveUid() {
        assertThat(UnprivilegedUser.effectiveUidIsRoot("Uid:\t0\t0\t0\t0")).isTrue();
        assertThat(UnprivilegedUser.effectiveUidIsRoot("Uid:\t1000\t1000\t1000\t1000")).isFalse();
        assertThat(UnprivilegedUser.effectiveUidIsRoot("Uid:\t1000\t0\t0\t0")).isTrue();
    }

    @Test
    void closedAncestorNamesTheSetting() throws IOException {
        Path closed = Files.createDirectories(tempDir.resolve("closed"));
        Path inside = Files.createDirectories(closed.resolve("stack"));
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> UnprivilegedUser.requireTraversable(inside, "BP_LOCAL_STACK_DIR"))
                .hasMessageContaining(closed.toString())
                .hasMessageContaining("BP_LOCAL_STACK_DIR");

        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatCode(() -> UnprivilegedUser.requireTraversable(inside, "BP_LOCAL_STACK_DIR")).doesNotThrowAnyException();
    }
}
