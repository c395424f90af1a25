package io.bpmonitor.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.bpmonitor.testing.BasicAuth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasicSignInTest {

    @TempDir
    Path dir;


    @Test
    void aUserRemovedFromTheFileIsNoLongerSignedInThoughTheirPasswordPassedBefore() throws Exception {
        Path file = dir.resolve("users");
        UsersFile.put(file, "dr.martin", UserRole.CLINICIAN, "a clinician's password".toCharArray());
        BasicSignIn signIn = new BasicSignIn(file, Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
        String header = BasicAuth.header("dr.martin", "a clinician's password");
        assertThat(signIn.user(header)).contains(new User("dr.martin", UserRole.CLINICIAN));
        assertThat(signIn.user(header)).as("remembered").contains(new User("dr.martin", UserRole.CLINICIAN));
        assertThat(signIn.user(BasicAuth.header("dr.martin", "a guess"))).isEmpty();

        List<String> others = Files.readAllLines(file).stream().filter(line -> !line.startsWith("dr.martin:")).toList();
        Files.write(file, others);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-07T10:00:01Z")));
        assertThat(signIn.user(header)).as("the file changed: what passed is forgotten").isEmpty();
    }

    @Test
    void aPasswordLongerThanBcryptReadsNeverMatchesAndIsNeverWritten() throws Exception {
        Path file = dir.resolve("users");
        String seventyOne = "x".repeat(UsersFile.MAX_PASSWORD_BYTES);
        UsersFile.put(file, "dr.martin", UserRole.CLINICIAN, seventyOne.toCharArray());
        UsersFile users = UsersFile.read(file);
        assertThat(users.check("dr.martin", seventyOne)).isPresent();
        assertThat(users.check("dr.martin", seventyOne + "y")).as("not cut to its first 71 bytes").isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UsersFile.put(file, "nurse", UserRole.VIEWER,
                (seventyOne + "y").toCharArray())).hasMessageContaining("at most 71 bytes");
    }
}
