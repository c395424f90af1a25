package io.bpmonitor.signin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import at.favre.lib.crypto.bcrypt.BCrypt;

/**
 * The local users file (docs/security.md#users): a line per user, {@code name:role:bcrypt hash}, {@code #} starting a
 * comment. Passwords are checked against their hash only; an unknown name costs the same bcrypt work as a known one,
 * so the time taken does not tell which names exist.
 */
public final class UsersFile {

    /** bcrypt's cost: 2^12 rounds, about 0.2 s a check on the machines this runs on. */
    static final int COST = 12;
    /** What bcrypt reads of a password: the rest would be ignored, so a longer one is refused. */
    public static final int MAX_PASSWORD_BYTES = 71;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final String BASIC = "Basic ";
    /** Checked against when the name is unknown: the hash of a password nobody has. */
    private static final byte[] NOBODY = BCrypt.withDefaults().hash(COST, new byte[16], new byte[] {0});

    private record Entry(UserRole role, byte[] hash) {
    }

    private final Map<String, Entry> users;

    private UsersFile(Map<String, Entry> users) {
        this.users = users;
    }

    /** @throws IllegalArgumentException naming the line that does not read, never its hash */
    public static UsersFile read(Path file) throws IOException {
        Map<String, Entry> users = new LinkedHashMap<>();
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(":", 3);
            if (parts.length != 3 || !NAME.matcher(parts[0]).matches() || !parts[2].startsWith("$2")) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": not name:role:bcrypt-hash");
            }
            users.put(parts[0], new Entry(UserRole.of(parts[1]), parts[2].getBytes(StandardCharsets.US_ASCII)));
        }
        return new UsersFile(users);
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    /** The user whose name and password these are, or empty (a password longer than bcrypt reads is no password). */
    public Optional<User> check(String name, String password) {
        Entry entry = users.get(name);
        byte[] given = password.getBytes(StandardCharsets.UTF_8);
        if (given.length > MAX_PASSWORD_BYTES) {
            return Optional.empty();
        }
        boolean verified = BCrypt.verifyer().verify(given, entry == null ? NOBODY : entry.hash()).verified;
        return entry != null && verified ? Optional.of(new User(name, entry.role())) : Optional.empty();
    }

    /** The user of an HTTP {@code Authorization: Basic} header, or empty: no header, another scheme, wrong password. */
    public Optional<User> checkBasic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty() : check(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** The clinician a local run creates when it has no users file yet. */
    public static final String FIRST_CLINICIAN = "clinician";

    /**
     * Where there is no users file yet, writes one with a clinician {@value #FIRST_CLINICIAN} of a random password, and
     * returns that password, for the person starting a local run to read once; empty where the file exists.
     */
    public static Optional<String> firstClinician(Path file) throws IOException {
        if (Files.exists(file)) {
            return Optional.empty();
        }
        byte[] random = new byte[15];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        put(file, FIRST_CLINICIAN, UserRole.CLINICIAN, password.toCharArray());
        return Optional.of(password);
    }

    /**
     * Adds the user, or gives an existing one a new role and password: the file is written whole to a temporary file
     * readable by its owner only, then moved in place.
     *
     * @throws IllegalArgumentException for a name the file cannot hold
     */
    public static void put(Path file, String name, UserRole role, char[] password) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name is 1-64 of A-Z a-z 0-9 . _ @ -");
        }
        if (new String(password).getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("a password has at most " + MAX_PASSWORD_BYTES + " bytes (bcrypt reads no more)");
        }
        String hash = new String(BCrypt.withDefaults().hashToChar(COST, password), 0, 60);
        List<String> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.startsWith(name + ":")) {
                    lines.add(line);
                }
            }
        } else {
            lines.add("# bp-monitor users: name:role:bcrypt hash (java -jar bp-monitor.jar add-user NAME --role ROLE)");
        }
        lines.add(name + ":" + role.code() + ":" + hash);
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temporary = Files.createTempFile(absolute.getParent(), ".users", ".tmp");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions keeps its own
        }
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
