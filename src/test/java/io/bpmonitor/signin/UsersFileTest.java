package io.bpmonitor.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.bpmonitor.testing.BasicAuth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

    @TempDir
    Path dir;


    @Test
    void aUserSignsInWithTheirPasswordOnlyAndKeepsTheirRole() throws Exception {
        Path file = dir.resolve("users");
        UsersFile.put(file, "dr.martin", UserRole.CLINICIAN, "correct horse battery".toCharArray());
        UsersFile.put(file, "nurse", UserRole.VIEWER, "staple staple staple".toCharArray());
        UsersFile users = UsersFile.read(file);

        assertThat(users.checkBasic(BasicAuth.header("dr.martin", "correct horse battery")))
                .contains(new User("dr.martin", UserRole.CLINICIAN));
        assertThat(users.checkBasic(BasicAuth.header("nurse", "staple staple staple"))).contains(new User("nurse", UserRole.VIEWER));
        assertThat(users.checkBasic(BasicAuth.header("dr.martin", "correct horse batterY"))).isEmpty();
        assertThat(users.checkBasic(BasicAuth.header("nobody", "correct horse battery"))).isEmpty();
        assertThat(users.checkBasic("Bearer correct horse battery")).isEmpty();
        assertThat(users.checkBasic("Basic %%%")).isEmpty();
        assertThat(users.checkBasic(null)).isEmpty();
        // the file holds hashes, never a password
        assertThat(Files.readString(file)).doesNotContain("correct horse").contains("dr.martin:clinician:$2");
    }

    @Test
    void aLocalRunWithoutAUsersFileGetsOneClinicianOfARandomPasswordOnce() throws Exception {
        Path file = dir.resolve("users");
        String password = UsersFile.firstClinician(file).orElseThrow();

        assertThat(password).hasSize(20);
        assertThat(UsersFile.read(file).check(UsersFile.FIRST_CLINICIAN, password))
                .contains(new User(UsersFile.FIRST_CLINICIAN, UserRole.CLINICIAN));
        assertThat(UsersFile.firstClinician(file)).as("the file is there: nothing again").isEmpty();
        assertThat(UsersFile.firstClinician(dir.resolve("other"))).get().isNotEqualTo(password);
    }

    @Test
    void addingAUserAgainChangesTheirRoleAndPassword() throws Exception {
        Path file = dir.resolve("users");
        UsersFile.put(file, "dr.martin", UserRole.VIEWER, "first password 1".toCharArray());
        UsersFile.put(file, "dr.martin", UserRole.ADMIN, "second password 2".toCharArray());
        UsersFile users = UsersFile.read(file);
        assertThat(users.check("dr.martin", "first password 1")).isEmpty();
        assertThat(users.check("dr.martin", "second password 2")).contains(new User("dr.martin", UserRole.ADMIN));
        assertThat(Files.readAllLines(file).stream().filter(line -> line.startsWith("dr.martin:"))).hasSize(1);
    }

    @Test
    void aLineThatDoesNotReadIsNamedWithoutItsContent() throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "# users\nok:viewer:$2a$12$abcdefghijklmnopqrstuu\nbroken line secret\n");
        assertThatThrownBy(() -> UsersFile.read(file)).hasMessageContaining("line 3").hasMessageNotContaining("secret");
        Files.writeString(file, "who:surgeon:$2a$12$abcdefghijklmnopqrstuu\n");
        assertThatThrownBy(() -> UsersFile.read(file)).hasMessageContaining("no role 'surgeon'");
        assertThat(UsersFile.read(dir.resolve("missing")).isEmpty()).isTrue();
    }

    @Test
    void addUserReadsThePasswordFromStandardInputAndRefusesAShortOne() throws Exception {
        Path file = dir.resolve("users");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("a long enough password\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(AddUser.run(new String[] {"add-user", "dr.martin", "--role", "clinician", "--file",
                    file.toString()}, "ignored", new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
            System.setIn(new ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(AddUser.run(new String[] {"add-user", "nurse", "--file", file.toString()}, "ignored",
                    new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(2);
        } finally {
            System.setIn(stdin);
        }
        assertThat(UsersFile.read(file).check("dr.martin", "a long enough password"))
                .contains(new User("dr.martin", UserRole.CLINICIAN));
        assertThat(UsersFile.read(file).check("nurse", "short")).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("at least 12 characters")
                .doesNotContain("a long enough password");
    }
}
