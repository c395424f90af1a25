package io.bpmonitor.board;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.signin.BasicSignIn;
import io.bpmonitor.signin.OidcSignIn;
import io.bpmonitor.signin.Sessions;
import io.bpmonitor.signin.User;
import io.bpmonitor.signin.UserRole;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may see and change what through the board's API: the signed-in user with at least a role, by a session of the
 * board's sign-in page ({@link Sessions}: its cookie, and for a change its CSRF token in {@value Sessions#CSRF_HEADER})
 * or, for other systems, by an access token of the organisation's identity provider ({@link OidcSignIn}) or HTTP Basic; or an answer saying why not (401, 403; 503 when the sign-in checks are all busy;
 * 500 when the users file cannot be read). And the JSON errors every API answers with.
 */
public final class ApiAccess {

    private static final Logger LOG = LoggerFactory.getLogger(ApiAccess.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD");

    private final BasicSignIn signIn;
    private final Sessions sessions;
    private final Optional<OidcSignIn> oidc;

    /** @param oidc the organisation's identity provider, when one is configured */
    public ApiAccess(BasicSignIn signIn, Sessions sessions, Optional<OidcSignIn> oidc) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.oidc = oidc;
    }

    public Optional<OidcSignIn> oidc() {
        return oidc;
    }

    public BasicSignIn signIn() {
        return signIn;
    }

    public Sessions sessions() {
        return sessions;
    }

    /** The request's session, if its cookie names one still in use. */
    Optional<Sessions.Session> session(Message message) {
        return sessions.find(Sessions.tokenIn(message.getHeader("Cookie", String.class)));
    }

    /** A step of the read APIs' routes: only a signed-in user goes on; the others are answered (401). */
    public void requireViewer(Exchange exchange) throws IOException {
        if (user(exchange.getMessage(), UserRole.VIEWER, "Reading the board").isEmpty()) {
            exchange.setRouteStop(true);
        }
    }

    /**
     * The user of the request, when at least {@code needed}; else empty, and the request is answered (its headers
     * gone). A session's change without its CSRF token is refused (403), whatever the user.
     *
     * @param doing what the role is needed for, as the 403 says it
     */
    Optional<User> user(Message message, UserRole needed, String doing) throws IOException {
        Optional<Sessions.Session> session = session(message);
        if (session.isPresent()) {
            String method = message.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
            String csrf = message.getHeader(Sessions.CSRF_HEADER, String.class);
            if (!SAFE_METHODS.contains(method) && !session.get().csrfToken().equals(csrf)) {
                refuse(message, 403, "csrf", "A change from the board carries its session's token in "
                        + Sessions.CSRF_HEADER + "; reload the page");
                return Optional.empty();
            }
            return allowed(message, session.get().user(), needed, doing);
        }
        String authorization = message.getHeader("Authorization", String.class);
        if (oidc.isPresent() && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<User> bearer = oidc.get().bearer(authorization);
            if (bearer.isEmpty()) {
                refuse(message, 401, "unauthenticated", "The bearer token does not hold");
                message.setHeader("WWW-Authenticate", "Bearer realm=\"bp-monitor\", error=\"invalid_token\"");
                return Optional.empty();
            }
            return allowed(message, bearer.get(), needed, doing);
        }
        Optional<User> user;
        try {
            user = signIn.user(authorization);
        } catch (BasicSignIn.Busy e) {
            refuse(message, 503, "busy", "Too many sign-ins at once; try again in a few seconds");
            message.setHeader("Retry-After", "2");
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("The users file could not be read: {}", e.getMessage());
            refuse(message, 500, "internal_error", "The users file could not be read; see the application log");
            return Optional.empty();
        }
        if (user.isEmpty()) {
            // a browser's own request (it sends Sec-Fetch-Mode) is not challenged: it would prompt for a password
            // where the board's page sends its user to the sign-in page
            boolean browser = message.getHeader("Sec-Fetch-Mode") != null;
            refuse(message, 401, "unauthenticated", "Sign in on the board, or as a " + needed.code() + " by HTTP Basic");
            if (!browser) {
                message.setHeader("WWW-Authenticate", "Basic realm=\"bp-monitor\", charset=\"UTF-8\"");
            }
            return Optional.empty();
        }
        return allowed(message, user.get(), needed, doing);
    }

    private static Optional<User> allowed(Message message, User user, UserRole needed, String doing)
            throws IOException {
        if (!user.role().mayAtLeast(needed)) {
            refuse(message, 403, "forbidden", doing + " takes a " + needed.code());
            return Optional.empty();
        }
        return Optional.of(user);
    }

    /** Answers the request with a JSON error: {@code {"error": code, "message": text}}, its headers gone. */
    static void refuse(Message message, int status, String code, String text) throws IOException {
        message.removeHeaders("*");
        Map<String, String> error = new LinkedHashMap<>();
        error.put("error", code);
        error.put("message", text);
        answer(message, status, JSON.writeValueAsBytes(error));
    }

    /** Answers the request with a JSON body, never cached, never sniffed. */
    static void answer(Message message, int status, byte[] json) {
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, BoardApi.JSON_TYPE);
        message.setHeader("Cache-Control", "no-store");
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setBody(json);
    }
}
