package io.bpmonitor.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.bpmonitor.config.InvalidSettingException;
import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;

/**
 * The bearer tokens a client may present. Kept as SHA-256 digests and compared with {@link MessageDigest#isEqual}
 * against every one of them, so neither a token's length nor which token matched shows in the time taken.
 */
public final class BearerTokens {

    private static final String PREFIX = "Bearer ";

    private final List<byte[]> digests;

    public BearerTokens(Collection<String> tokens) {
        this.digests = tokens.stream().map(String::trim).filter(token -> !token.isEmpty()).map(BearerTokens::digest).toList();
        if (digests.isEmpty()) {
            throw new IllegalArgumentException("no bearer token");
        }
    }

    /**
     * The tokens of {@code BP_INGEST_TOKENS} and of the file {@code BP_INGEST_TOKENS_FILE}; none at all stops the
     * start-up, since the endpoint accepts health data and must not run open.
     */
    public static BearerTokens from(Settings settings) {
        List<String> tokens = new ArrayList<>(Arrays.asList(settings.text(Setting.BP_INGEST_TOKENS).split(",")));
        Optional<String> file = settings.optional(Setting.BP_INGEST_TOKENS_FILE);
        if (file.isPresent()) {
            try {
                tokens.addAll(Files.readAllLines(Path.of(file.get())));
            } catch (IOException e) {
                throw new InvalidSettingException(Setting.BP_INGEST_TOKENS_FILE, "a readable file of tokens", file.get());
            }
        }
        if (tokens.stream().allMatch(String::isBlank)) {
            throw new InvalidSettingException(Setting.BP_INGEST_TOKENS,
                    "at least one token (or BP_INGEST_TOKENS_FILE): the FHIR endpoint does not run open", "");
        }
        return new BearerTokens(tokens);
    }

    /** @param authorization the request's {@code Authorization} header, or null */
    public boolean accepts(String authorization) {
        return client(authorization).isPresent();
    }

    /**
     * Who sent the request: a name for the token presented (the first 8 bytes of its digest, in hex), the same for
     * every request with that token and telling nothing of it; empty when no token is accepted.
     */
    public Optional<String> client(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        byte[] presented = digest(authorization.substring(PREFIX.length()).trim());
        boolean accepted = false;
        for (byte[] digest : digests) {
            accepted |= MessageDigest.isEqual(digest, presented);
        }
        return accepted ? Optional.of(HexFormat.of().formatHex(presented, 0, 8)) : Optional.empty();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
