package io.bpmonitor.localstack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * What {@link LocalFhirServer} asks of its clients, as the {@code Authorization} header it expects: HTTP basic or a
 * bearer token. Anything else is answered 401, as an EHR would.
 */
public record FhirServerCredentials(String expectedAuthorization) {

    public static FhirServerCredentials basic(String user, String password) {
        return new FhirServerCredentials("Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public static FhirServerCredentials bearer(String token) {
        return new FhirServerCredentials("Bearer " + token);
    }

    /** Whether a request's {@code Authorization} header is these credentials (compared in constant time). */
    boolean acceptedIn(String authorization) {
        return authorization != null && MessageDigest.isEqual(expectedAuthorization.getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "FhirServerCredentials[" + expectedAuthorization.substring(0, expectedAuthorization.indexOf(' ')) + "]";
    }
}
