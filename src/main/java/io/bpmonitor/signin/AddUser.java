package io.bpmonitor.signin;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code java -jar bp-monitor.jar add-user NAME --role ROLE [--file PATH]}: adds a user to the users file (or gives
 * one a new role and password). The password is asked twice on a terminal, or read as the first line of the standard
 * input; it is never an argument, which other users of the machine can see.
 */
public final class AddUser {

    static final int MIN_PASSWORD_LENGTH = 12;

    private AddUser() {
    }

    /** @return the exit code */
    public static int run(String[] args, String defaultFile, PrintStream out) {
        if (args.length < 2 || args[1].startsWith("-")) {
            out.println("usage: add-user NAME --role viewer|clinician|admin [--file PATH]");
            return 2;
        }
        String name = args[1];
        UserRole role = UserRole.VIEWER;
        Path file = Path.of(defaultFile);
        try {
            for (int i = 2; i < args.length; i++) {
                switch (args[i]) {
                    case "--role" -> role = UserRole.of(args[++i]);
                    case "--file" -> file = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            char[] password = password();
            try {
                if (password.length < MIN_PASSWORD_LENGTH) {
                    throw new IllegalArgumentException("a password has at least " + MIN_PASSWORD_LENGTH + " characters");
                }
                UsersFile.put(file, name, role, password);
            } finally {
                Arrays.fill(password, '\0');
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            out.println("add-user: " + (e instanceof ArrayIndexOutOfBoundsException ? "an option without its value"
                    : e.getMessage()));
            return 2;
        } catch (IOException e) {
            out.println("add-user: " + file + " could not be written: " + e.getMessage());
            return 1;
        }
        out.println("User " + name + " (" + role.code() + ") is in " + file.toAbsolutePath());
        return 0;
    }

    private static char[] password() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (first == null || !Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IllegalArgumentException("no password on the standard input");
        }
        return line.toCharArray();
    }
}
