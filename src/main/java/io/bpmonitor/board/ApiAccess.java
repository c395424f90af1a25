package io.bpmonitor.board;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.signin.BasicSignIn;
import io.bpmonitor.signin.User;
import io.bpmonitor.signin.UserRole;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may change what through the board's API: the signed-in user with at least a role, or an answer saying why not
 * (401, 403; 503 when the sign-in checks are all busy; 500 when the users file cannot be read), and the JSON errors
 * every API answers with.
 */
public final class ApiAccess {

    private static final Logger LOG = LoggerFactory.getLogger(ApiAccess.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BasicSignIn signIn;

    public ApiAccess(BasicSignIn signIn) {
        this.signIn = signIn;
    }

    /**
     * The user of the request's {@code Authorization}, when at least {@code needed}; else empty, and the request is
     * answered.
     *
     * @param doing what the role is needed for, as the 403 says it
     */
    Optional<User> user(Message message, String authorization, UserRole needed, String doing) throws IOException {
        Optional<User> user;
        try {
            user = signIn.user(authorization);
        } catch (BasicSignIn.Busy e) {
            message.setHeader("Retry-After", "2");
            refuse(message, 503, "busy", "Too many sign-ins at once; try again in a few seconds");
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("The users file could not be read: {}", e.getMessage());
            refuse(message, 500, "internal_error", "The users file could not be read; see the application log");
            return Optional.empty();
        }
        if (user.isEmpty()) {
            message.setHeader("WWW-Authenticate", "Basic realm=\"bp-monitor\", charset=\"UTF-8\"");
            refuse(message, 401, "unauthenticated", "Sign in as a " + needed.code() + " (HTTP Basic)");
            return Optional.empty();
        }
        if (!user.get().role().mayAtLeast(needed)) {
            refuse(message, 403, "forbidden", doing + " takes a " + needed.code());
            return Optional.empty();
        }
        return user;
    }

    /** Answers the request with a JSON error: {@code {"error": code, "message": text}}. */
    static void refuse(Message message, int status, String code, String text) throws IOException {
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
