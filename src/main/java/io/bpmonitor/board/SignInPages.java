package io.bpmonitor.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.signin.BasicSignIn;
import io.bpmonitor.signin.Sessions;
import io.bpmonitor.signin.User;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in and out of the board (docs/security.md#signing-in): the sign-in page and its form, which starts a session
 * against the users file; {@code GET /api/session}, which tells the page who is signed in and the CSRF token its
 * changes carry; and {@code POST /signout}. Who signed in and out is logged by name; a password never is.
 */
public class SignInPages {

    private static final Logger LOG = LoggerFactory.getLogger(SignInPages.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final String FAILED_MARK = "data-failed=\"false\" hidden";

    private final ApiAccess access;
    private final String page;

    public SignInPages(ApiAccess access) {
        this.access = access;
        try (InputStream in = SignInPages.class.getClassLoader().getResourceAsStream("board/signin.html")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read board/signin.html", e);
        }
    }

    /** {@code GET /signin}: the form; a browser already signed in goes to the board. */
    public void page(Exchange exchange) {
        Message message = exchange.getMessage();
        boolean signedIn = access.session(message).isPresent();
        message.removeHeaders("*");
        if (signedIn) {
            redirect(message, "/");
            return;
        }
        answerPage(message, 200, page);
    }

    /** {@code POST /signin}: a session and the board, or the form again saying the name or password was not right. */
    public void signIn(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        Map<String, String> form = form(message);
        message.removeHeaders("*");
        Optional<User> user;
        try {
            user = access.signIn().user(form.get("name"), form.get("password"));
        } catch (BasicSignIn.Busy e) {
            message.setHeader("Retry-After", "2");
            answerPage(message, 503, page.replace(FAILED_MARK, "data-failed=\"busy\"")
                    .replace("Name or password not recognised.", "Too many sign-ins at once; try again in a moment."));
            return;
        }
        if (user.isEmpty()) {
            LOG.info("A sign-in to the board failed");
            answerPage(message, 401, page.replace(FAILED_MARK, "data-failed=\"true\""));
            return;
        }
        Sessions.Session session = access.sessions().start(user.get());
        LOG.info("{} signed in to the board ({})", user.get().name(), user.get().role().code());
        message.setHeader("Set-Cookie", access.sessions().cookie(session));
        redirect(message, "/");
    }

    /** {@code POST /signout}, with the session's CSRF token: the session ends and its cookie goes. */
    public void signOut(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        Optional<Sessions.Session> session = access.session(message);
        String csrf = message.getHeader(Sessions.CSRF_HEADER, String.class);
        message.removeHeaders("*");
        if (session.isPresent() && !session.get().csrfToken().equals(csrf)) {
            ApiAccess.refuse(message, 403, "csrf", "Signing out carries the session's token in "
                    + Sessions.CSRF_HEADER);
            return;
        }
        session.ifPresent(ended -> {
            access.sessions().end(ended.token());
            LOG.info("{} signed out of the board", ended.user().name());
        });
        message.setHeader("Set-Cookie", access.sessions().cleared());
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        message.setBody(null);
    }

    /** {@code GET /api/session}: who is signed in, with what role, and the token the page's changes carry. */
    public void session(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        Optional<Sessions.Session> session = access.session(message);
        message.removeHeaders("*");
        if (session.isEmpty()) {
            ApiAccess.refuse(message, 401, "unauthenticated", "Sign in on the board");
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", session.get().user().name());
        answer.put("role", session.get().user().role().code());
        answer.put("csrf_token", session.get().csrfToken());
        answer.put("idle_minutes", access.sessions().idle().toMinutes());
        ApiAccess.answer(message, 200, JSON.writeValueAsBytes(answer));
    }

    /** The page's own step: a browser without a session is sent to sign in. */
    public boolean signedIn(Exchange exchange) {
        Message message = exchange.getMessage();
        if (access.session(message).isPresent()) {
            return true;
        }
        message.removeHeaders("*");
        redirect(message, "/signin");
        return false;
    }

    /** The form's fields, from the body, or from the headers where the HTTP server moved them. */
    private static Map<String, String> form(Message message) {
        Map<String, String> fields = new HashMap<>();
        String body = message.getBody(String.class);
        if (body != null && !body.isBlank()) {
            for (String pair : body.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        for (String field : new String[] {"name", "password"}) {
            if (!fields.containsKey(field) && message.getHeader(field) instanceof String value) {
                fields.put(field, value);
            }
        }
        return fields;
    }

    private static void redirect(Message message, String location) {
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 303);
        message.setHeader("Location", location);
        message.setHeader("Cache-Control", "no-store");
        message.setBody(null);
    }

    private static void answerPage(Message message, int status, String html) {
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        message.setHeader("Cache-Control", "no-store");
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Content-Security-Policy", CSP);
        message.setHeader("Referrer-Policy", "no-referrer");
        message.setBody(html.getBytes(StandardCharsets.UTF_8));
    }
}
