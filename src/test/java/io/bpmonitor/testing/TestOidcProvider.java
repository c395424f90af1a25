package io.bpmonitor.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OpenID Connect provider for the tests, on a free port of 127.0.0.1: a discovery document, its signing key
 * (JWKS), an authorization endpoint that signs in whoever the test says at once and sends the browser back with a
 * code, and a token endpoint that checks the client's secret, the code, the redirect and the PKCE verifier before it
 * answers with an ID token and an access token.
 */
public final class TestOidcProvider implements AutoCloseable {

    public static final String CLIENT_ID = "bp-monitor";
    public static final String CLIENT_SECRET = "the board's client secret";

    private record Grant(String challenge, String nonce, String redirectUri, String user, List<String> roles) {
    }

    private final HttpServer server;
    private final RSAKey key;
    private final RSAKey otherKey;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private volatile String user = "dr.oidc";
    private volatile List<String> roles = List.of("clinician");

    private TestOidcProvider(HttpServer server, RSAKey key, RSAKey otherKey) {
        this.server = server;
        this.key = key;
        this.otherKey = otherKey;
    }

    public static TestOidcProvider start() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        TestOidcProvider provider = new TestOidcProvider(server,
                new RSAKeyGenerator(2048).keyID("signing-key").generate(),
                new RSAKeyGenerator(2048).keyID("signing-key").generate());
        server.createContext("/.well-known/openid-configuration", provider::discovery);
        server.createContext("/jwks", provider::keys);
        server.createContext("/authorize", provider::authorize);
        server.createContext("/token", provider::token);
        server.start();
        return provider;
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Who the next sign-in is, with which values of the roles claim. */
    public void signsInAs(String name, List<String> roleCodes) {
        user = name;
        roles = roleCodes;
    }

    /**
     * An access token of this provider's key (or of another key with the same id, as a forger would sign).
     *
     * @param validFor negative for one already expired
     */
    public String accessToken(String name, List<String> roleCodes, String audience, Duration validFor,
                              boolean forged) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer()).subject(UUID.randomUUID().toString())
                .audience(audience).issueTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(validFor))).claim("preferred_username", name)
                .claim("roles", roleCodes).build();
        return sign(claims, forged ? otherKey : key);
    }

    private static String sign(JWTClaimsSet claims, RSAKey with) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    private void discovery(HttpExchange exchange) throws IOException {
        answer(exchange, 200, "{\"issuer\":\"" + issuer() + "\",\"authorization_endpoint\":\"" + issuer()
                + "/authorize\",\"token_endpoint\":\"" + issuer() + "/token\",\"jwks_uri\":\"" + issuer()
                + "/jwks\",\"response_types_supported\":[\"code\"],\"code_challenge_methods_supported\":[\"S256\"]}");
    }

    private void keys(HttpExchange exchange) throws IOException {
        answer(exchange, 200, new JWKSet(key.toPublicJWK()).toString());
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(query.get("client_id")) || !"S256".equals(query.get("code_challenge_method"))
                || !"code".equals(query.get("response_type"))) {
            answer(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(query.get("code_challenge"), query.get("nonce"), query.get("redirect_uri"), user,
                roles));
        exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
                + query.get("state"));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":"
                + java.net.URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        Grant grant = codes.remove(String.valueOf(form.get("code")));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        if (grant == null || !grant.redirectUri().equals(form.get("redirect_uri"))
                || !grant.challenge().equals(challenge(form.get("code_verifier")))) {
            answer(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        try {
            Instant now = Instant.now();
            JWTClaimsSet id = new JWTClaimsSet.Builder().issuer(issuer()).subject(UUID.randomUUID().toString())
                    .audience(CLIENT_ID).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                    .claim("nonce", grant.nonce()).claim("preferred_username", grant.user())
                    .claim("roles", grant.roles()).build();
            answer(exchange, 200, "{\"token_type\":\"Bearer\",\"id_token\":\"" + sign(id, key) + "\",\"access_token\":\""
                    + accessToken(grant.user(), grant.roles(), CLIENT_ID, Duration.ofMinutes(5), false) + "\"}");
        } catch (Exception e) {
            answer(exchange, 500, "{\"error\":\"server_error\"}");
        }
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(verifier).getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> fields = new HashMap<>();
        if (raw == null) {
            return fields;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The URL a test's browser is sent to, for a redirect it does not follow itself. */
    public static URI location(java.net.http.HttpResponse<?> response) {
        return URI.create(response.headers().firstValue("Location").orElseThrow());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
