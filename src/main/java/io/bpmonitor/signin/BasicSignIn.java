package io.bpmonitor.signin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * HTTP Basic sign-in against the users file, at a bounded cost: bcrypt is slow on purpose, so at most
 * {@value #CONCURRENT_CHECKS} checks run at once (one more request waits at most {@link #WAIT}, then is told to come back),
 * and a name and password that passed are not checked again for {@link #REMEMBERED} while the file is unchanged. The
 * file is read again when it changes, so a user added or removed counts at once.
 */
public final class BasicSignIn {

    /** The answer when the checks are all taken: the server is busy, not the credentials wrong. */
    public static final class Busy extends Exception {
        public Busy() {
            super("too many sign-ins at once", null, false, false);
        }
    }

    static final int CONCURRENT_CHECKS = 2;
    static final Duration WAIT = Duration.ofSeconds(2);
    static final Duration REMEMBERED = Duration.ofMinutes(5);
    private static final int REMEMBERED_MAX = 1_000;

    private record Passed(User user, Instant until) {
    }

    private final Path file;
    private final Clock clock;
    private final Semaphore checks = new Semaphore(CONCURRENT_CHECKS);
    private final Map<String, Passed> passed = new LinkedHashMap<>();
    private UsersFile users;
    private long readAt = -1;

    public BasicSignIn(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /**
     * The user of an {@code Authorization: Basic} header, or empty.
     *
     * @throws IOException the users file cannot be read
     * @throws Busy        every check is taken and stayed so for {@link #WAIT}
     */
    public Optional<User> user(String authorization) throws IOException, Busy {
        UsersFile current = current();
        String key = digest(authorization);
        Instant now = clock.instant();
        synchronized (passed) {
            Passed earlier = passed.get(key);
            if (earlier != null && now.isBefore(earlier.until())) {
                return Optional.of(earlier.user());
            }
        }
        try {
            if (!checks.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        try {
            Optional<User> user = current.checkBasic(authorization);
            user.ifPresent(signedIn -> remember(key, signedIn, now));
            return user;
        } finally {
            checks.release();
        }
    }

    /**
     * The user of a name and password given on the board's sign-in form: the same bounded, remembered check as an
     * {@code Authorization: Basic} header.
     */
    public Optional<User> user(String name, String password) throws IOException, Busy {
        if (name == null || password == null || name.indexOf(':') >= 0) {
            return Optional.empty();
        }
        return user("Basic " + Base64.getEncoder().encodeToString(
                (name + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private void remember(String key, User user, Instant now) {
        synchronized (passed) {
            if (passed.size() >= REMEMBERED_MAX) {
                passed.clear();
            }
            passed.put(key, new Passed(user, now.plus(REMEMBERED)));
        }
    }

    /** The file as it is now: read again, and what passed forgotten, when it changed. */
    private synchronized UsersFile current() throws IOException {
        long modified = java.nio.file.Files.exists(file) ? java.nio.file.Files.getLastModifiedTime(file).toMillis() : 0;
        if (users == null || modified != readAt) {
            users = UsersFile.read(file);
            readAt = modified;
            synchronized (passed) {
                passed.clear();
            }
        }
        return users;
    }

    /** Kept as a digest: the header holds the password. */
    private static String digest(String authorization) {
        try {
            byte[] bytes = MessageDigest.getInstance("SHA-256").digest(
                    String.valueOf(authorization).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
