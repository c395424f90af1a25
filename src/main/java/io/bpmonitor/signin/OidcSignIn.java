package io.bpmonitor.signin;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * OpenID Connect against the organisation's identity provider: the board is a confidential client using the
 * authorization-code flow with PKCE (S256), its ID tokens checked against the issuer's published keys (signature,
 * issuer, audience, expiry, nonce); the API takes the provider's access tokens as bearer tokens, checked the same way
 * with the client id as audience. A user's role comes from a configurable claim. Nothing here logs or returns a token.
 */
public final class OidcSignIn {

    /** @param rolesClaim the claim holding the user's roles: a list, or one text */
    public record Config(URI issuer, String clientId, String clientSecret, String rolesClaim) {
    }

    /** A sign-in refused: the reason is safe to show (no token, no claim value). */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** How long a browser has between leaving for the provider and coming back. */
    static final Duration PENDING_FOR = Duration.ofMinutes(10);
    private static final int PENDING_MAX = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Pending(String verifier, String nonce, URI redirectUri, Instant until) {
    }

    private record Provider(URI authorization, URI token, DefaultJWTProcessor<SecurityContext> accessTokens,
                            JWKSource<SecurityContext> keys, String issuer) {
    }

    private final Config config;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile Provider provider;

    public OidcSignIn(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Where to send a browser to sign in: the provider's authorization endpoint with a fresh state, nonce and PKCE
     * challenge, remembered until it comes back to {@code redirectUri}.
     *
     * @throws IOException the provider's discovery document cannot be read
     */
    public URI start(URI redirectUri) throws IOException {
        Provider known = provider();
        if (pending.size() >= PENDING_MAX) {
            Instant now = clock.instant();
            pending.values().removeIf(waiting -> now.isAfter(waiting.until()));
        }
        String state = random();
        Pending waiting = new Pending(random(), random(), redirectUri, clock.instant().plus(PENDING_FOR));
        pending.put(state, waiting);
        return URI.create(known.authorization() + (known.authorization().getQuery() == null ? "?" : "&")
                + "response_type=code&scope=openid%20profile&client_id=" + encode(config.clientId())
                + "&redirect_uri=" + encode(redirectUri.toString()) + "&state=" + state + "&nonce=" + waiting.nonce()
                + "&code_challenge=" + challenge(waiting.verifier()) + "&code_challenge_method=S256");
    }

    /**
     * The user a browser came back as: the code exchanged for tokens (with the PKCE verifier and the client's secret),
     * the ID token checked, the role read from it.
     *
     * @throws Refused     no sign-in of that state is waiting, the provider refused the code, the ID token does not
     *                     hold, or the user has no role here
     * @throws IOException the provider cannot be reached
     */
    public User finish(String state, String code) throws Refused, IOException {
        Pending waiting = state == null ? null : pending.remove(state);
        if (waiting == null || clock.instant().isAfter(waiting.until())) {
            throw new Refused("This sign-in was not started here or took too long; sign in again");
        }
        if (code == null || code.isBlank()) {
            throw new Refused("The identity provider sent no code");
        }
        Provider known = provider();
        String form = "grant_type=authorization_code&code=" + encode(code) + "&redirect_uri="
                + encode(waiting.redirectUri().toString()) + "&code_verifier=" + waiting.verifier();
        String basic = Base64.getEncoder().encodeToString((encode(config.clientId()) + ":"
                + encode(config.clientSecret())).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(known.token()).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + basic)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (answer.statusCode() != 200) {
            throw new Refused("The identity provider refused the sign-in (HTTP " + answer.statusCode() + ")");
        }
        String idToken = JSON.readTree(answer.body()).path("id_token").asText(null);
        if (idToken == null) {
            throw new Refused("The identity provider sent no ID token");
        }
        DefaultJWTProcessor<SecurityContext> idTokens = processor(known.keys(), new JWTClaimsSet.Builder()
                .issuer(known.issuer()).claim("nonce", waiting.nonce()).build());
        return user(check(idTokens, idToken));
    }

    /** The user of an {@code Authorization: Bearer} access token of the provider, or empty: any token that fails. */
    public Optional<User> bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        try {
            return Optional.of(user(check(provider().accessTokens(), authorization.substring(7).strip())));
        } catch (Refused | IOException e) {
            return Optional.empty();
        }
    }

    private static JWTClaimsSet check(DefaultJWTProcessor<SecurityContext> processor, String token) throws Refused {
        try {
            return processor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new Refused("The token does not hold (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The user the claims name, with the highest of the roles the roles claim holds. */
    private User user(JWTClaimsSet claims) throws Refused {
        Object value = claims.getClaim(config.rolesClaim());
        List<?> roles = value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
        UserRole role = null;
        for (Object code : roles) {
            for (UserRole known : UserRole.values()) {
                if (known.code().equals(String.valueOf(code)) && (role == null || known.mayAtLeast(role))) {
                    role = known;
                }
            }
        }
        if (role == null) {
            throw new Refused("You have no role in bp-monitor: ask for viewer, clinician or admin");
        }
        Object name = claims.getClaim("preferred_username");
        return new User(name instanceof String text && !text.isBlank() ? text : claims.getSubject(), role);
    }

    /** The provider's endpoints and keys, from its discovery document, read once. */
    private Provider provider() throws IOException {
        Provider known = provider;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (provider == null) {
                URI discovery = URI.create(config.issuer().toString().replaceAll("/+$", "")
                        + "/.well-known/openid-configuration");
                HttpResponse<String> answer;
                try {
                    answer = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                if (answer.statusCode() != 200) {
                    throw new IOException("the identity provider's discovery document answered HTTP "
                            + answer.statusCode());
                }
                JsonNode document = JSON.readTree(answer.body());
                String issuer = document.path("issuer").asText();
                if (!issuer.replaceAll("/+$", "").equals(config.issuer().toString().replaceAll("/+$", ""))) {
                    throw new IOException("the discovery document names another issuer");
                }
                URL jwks = URI.create(document.path("jwks_uri").asText()).toURL();
                JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwks).retrying(true).build();
                provider = new Provider(URI.create(document.path("authorization_endpoint").asText()),
                        URI.create(document.path("token_endpoint").asText()),
                        processor(keys, new JWTClaimsSet.Builder().issuer(issuer).build()), keys, issuer);
            }
            return provider;
        }
    }

    /** Tokens signed RS256 by the provider's keys, for this client, unexpired, with {@code exact} claims. */
    private DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> keys, JWTClaimsSet exact) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(config.clientId(), exact,
                new HashSet<>(Set.of("sub", "exp", "iat"))));
        return processor;
    }

    private String random() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
