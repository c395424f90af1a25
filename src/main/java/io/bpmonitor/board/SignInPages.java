package io.bpmonitor.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.signin.BasicSignIn;
import io.bpmonitor.signin.OidcSignIn;
import io.bpmonitor.signin.Sessions;
import io.bpmonitor.signin.User;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in and out of the board (docs/security.md#signing-in): the sign-in page and its form, which starts a session
 * against the users file; where an identity provider is configured, the trip to it and back
 * ({@code /signin/oidc}, {@code /signin/oidc/callback}), which starts a session for the user its ID token names;
 * {@code GET /api/session}, which tells the page who is signed in and the CSRF token its changes carry; and
 * {@code POST /signout}. Who signed in and out is logged by name; a password or a token never is.
 */
public class SignInPages {

    private static final Logger LOG = LoggerFactory.getLogger(SignInPages.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final String FAILED_MARK = "data-failed=\"false\" hidden";
    private static final String FAILED_TEXT = "Name or password not recognised.";
    private static final String OIDC_MARK = "id=\"signin-oidc\" hidden";
    static final String CALLBACK_PATH = "/signin/oidc/callback";

    private final ApiAccess access;
    private final boolean https;
    private final String page;

    /** @param https whether the board is served over HTTPS: the address the provider sends browsers back to */
    public SignInPages(ApiAccess access, boolean https) {
        this.access = access;
        this.https = https;
        String html;
        try (InputStream in = SignInPages.class.getClassLoader().getResourceAsStream("board/signin.html")) {
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read board/signin.html", e);
        }
        page = access.oidc().isPresent() ? html.replace(OIDC_MARK, "id=\"signin-oidc\"") : html;
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
            failed(message, 503, "busy", "Too many sign-ins at once; try again in a moment.");
            return;
        }
        if (user.isEmpty()) {
            LOG.info("A sign-in to the board failed");
            failed(message, 401, "true", FAILED_TEXT);
            return;
        }
        Sessions.Session session = access.sessions().start(user.get());
        LOG.info("{} signed in to the board ({})", user.get().name(), user.get().role().code());
        message.setHeader("Set-Cookie", access.sessions().cookie(session));
        redirect(message, "/");
    }

    /** {@code GET /signin/oidc}: the browser goes to the identity provider, with a fresh state and PKCE challenge. */
    public void oidcStart(Exchange exchange) {
        Message message = exchange.getMessage();
        URI callback = callback(message);
        message.removeHeaders("*");
        if (access.oidc().isEmpty()) {
            answerPage(message, 404, page);
            return;
        }
        try {
            redirect(message, access.oidc().get().start(callback).toString());
        } catch (IOException e) {
            LOG.warn("The identity provider could not be reached: {}", e.getMessage());
            failed(message, 503, "provider", "The identity provider cannot be reached; try again in a moment.");
        }
    }

    /** {@code GET /signin/oidc/callback}: back from the provider with a code, a session for the user it names. */
    public void oidcCallback(Exchange exchange) {
        Message message = exchange.getMessage();
        String query = message.getHeader(Exchange.HTTP_QUERY, String.class);
        message.removeHeaders("*");
        if (access.oidc().isEmpty()) {
            answerPage(message, 404, page);
            return;
        }
        try {
            User user = access.oidc().get().finish(BoardApi.queryParameter(query, "state"),
                    BoardApi.queryParameter(query, "code"));
            Sessions.Session session = access.sessions().start(user);
            LOG.info("{} signed in to the board through the identity provider ({})", user.name(), user.role().code());
            message.setHeader("Set-Cookie", access.sessions().cookie(session));
            redirect(message, "/");
        } catch (OidcSignIn.Refused e) {
            LOG.info("A sign-in through the identity provider was refused: {}", e.getMessage());
            failed(message, 401, "refused", e.getMessage());
        } catch (IOException e) {
            LOG.warn("The identity provider could not be reached: {}", e.getMessage());
            failed(message, 503, "provider", "The identity provider cannot be reached; try again in a moment.");
        }
    }

    /** Where the provider sends the browser back: this board, as the browser reached it. */
    private URI callback(Message message) {
        String host = message.getHeader("Host", String.class);
        return URI.create((https ? "https" : "http") + "://" + (host == null ? "127.0.0.1" : host) + CALLBACK_PATH);
    }

    /** The sign-in page again, saying why it is shown (a fixed text, or the provider's refusal without any token). */
    private void failed(Message message, int status, String kind, String text) {
        answerPage(message, status, page.replace(FAILED_MARK, "data-failed=\"" + kind + "\"")
                .replace(FAILED_TEXT, text.replace("&", "&amp;").replace("<", "&lt;")));
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
