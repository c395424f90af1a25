package io.bpmonitor.signin;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signed-in sessions of the board's browsers, in memory: a random token in an HttpOnly cookie names each, with
 * its user and a CSRF token of its own that every change must carry in a header. A session not used for its idle time
 * is over; signing out ends it at once. A restart of the board signs everybody out.
 */
public final class Sessions {

    /** The session cookie's name. */
    public static final String COOKIE = "bp_session";
    /** The header a change carries its session's CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Sessions at most: the oldest go first, so a flood of sign-ins cannot fill the memory. */
    static final int MAX_SESSIONS = 10_000;

    /** One signed-in browser. */
    public record Session(String token, String csrfToken, User user, Instant lastUsed) {
    }

    private final Duration idle;
    private final Clock clock;
    private final boolean https;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** @param https whether the board is served over HTTPS: its cookies are then Secure */
    public Sessions(Duration idle, Clock clock, boolean https) {
        this.idle = idle;
        this.clock = clock;
        this.https = https;
    }

    public Duration idle() {
        return idle;
    }

    /** A new session for a user who just signed in. */
    public Session start(User user) {
        if (sessions.size() >= MAX_SESSIONS) {
            forgetIdleOrOldest();
        }
        Session session = new Session(token(), token(), user, clock.instant());
        sessions.put(session.token(), session);
        return session;
    }

    /** The session of a cookie's token, when it is one and was used within its idle time: used again now. */
    public Optional<Session> find(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session session = sessions.get(token);
        Instant now = clock.instant();
        if (session == null) {
            return Optional.empty();
        }
        if (!now.isBefore(session.lastUsed().plus(idle))) {
            sessions.remove(token);
            return Optional.empty();
        }
        Session used = new Session(session.token(), session.csrfToken(), session.user(), now);
        sessions.replace(token, session, used);
        return Optional.of(used);
    }

    public void end(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    /** The token of {@link #COOKIE} in a {@code Cookie} request header, or null. */
    public static String tokenIn(String cookieHeader) {
        if (cookieHeader == null) {
            return null;
        }
        for (String pair : cookieHeader.split(";")) {
            String trimmed = pair.strip();
            if (trimmed.startsWith(COOKIE + "=")) {
                return trimmed.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    /** The {@code Set-Cookie} value of a session: HttpOnly, SameSite=Strict, Secure when served over HTTPS. */
    public String cookie(Session session) {
        return COOKIE + "=" + session.token() + "; Path=/; HttpOnly; SameSite=Strict" + (https ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that removes the cookie. */
    public String cleared() {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (https ? "; Secure" : "");
    }

    private void forgetIdleOrOldest() {
        Instant now = clock.instant();
        sessions.values().removeIf(session -> !now.isBefore(session.lastUsed().plus(idle)));
        Iterator<Session> oldest = sessions.values().stream()
                .sorted(Comparator.comparing(Session::lastUsed)).limit(MAX_SESSIONS / 10).iterator();
        while (sessions.size() >= MAX_SESSIONS && oldest.hasNext()) {
            sessions.remove(oldest.next().token());
        }
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
