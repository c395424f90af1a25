package io.bpmonitor.testing;

import java.io.IOException;
import java.nio.file.Path;

import io.bpmonitor.signin.UserRole;
import io.bpmonitor.signin.UsersFile;

/** The tests' users file: a clinician and a viewer, each with a password of their own. */
public final class TestUsers {

    public static final String CLINICIAN = "dr.martin";
    public static final String CLINICIAN_PASSWORD = "a clinician's password";
    public static final String VIEWER = "nurse";
    public static final String VIEWER_PASSWORD = "a viewer's password";

    private static Path shared;

    private TestUsers() {
    }

    /** A users file of the two, written once per JVM (bcrypt is slow on purpose) for the apps the tests start. */
    public static synchronized Path sharedFile() throws IOException {
        if (shared == null) {
            Path dir = java.nio.file.Files.createTempDirectory("bp-test-users-");
            dir.toFile().deleteOnExit();
            shared = write(dir.resolve("users"));
            shared.toFile().deleteOnExit();
        }
        return shared;
    }

    /** Writes the two users to {@code file}. */
    public static Path write(Path file) throws IOException {
        UsersFile.put(file, CLINICIAN, UserRole.CLINICIAN, CLINICIAN_PASSWORD.toCharArray());
        UsersFile.put(file, VIEWER, UserRole.VIEWER, VIEWER_PASSWORD.toCharArray());
        return file;
    }
}
