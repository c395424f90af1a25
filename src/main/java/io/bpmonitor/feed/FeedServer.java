package io.bpmonitor.feed;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.bpmonitor.config.InvalidSettingException;
import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;

/**
 * The FHIR server the feed reads ({@code BP_FHIR_FEED_URL}) and how it logs in: HTTP basic
 * ({@code BP_FHIR_FEED_USERNAME} and {@code _PASSWORD}), a bearer token ({@code BP_FHIR_FEED_TOKEN}) or nothing. Its
 * text form, used in log lines and as the cursor's key, is the base URL, which holds no credential.
 */
public final class FeedServer {

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int SOCKET_TIMEOUT_MS = 60_000;

    private final String baseUrl;
    private final Optional<String> username;
    private final Optional<String> password;
    private final Optional<String> token;

    FeedServer(String baseUrl, Optional<String> username, Optional<String> password, Optional<String> token) {
        this.baseUrl = baseUrl;
        this.username = username;
        this.password = password;
        this.token = token;
    }

    /** @throws InvalidSettingException naming the setting to fix, never echoing a credential */
    public static FeedServer from(Settings settings) {
        List<URI> urls = settings.urls(Setting.BP_FHIR_FEED_URL);
        if (urls.size() != 1) {
            throw new InvalidSettingException(Setting.BP_FHIR_FEED_URL, "one FHIR base URL", settings.text(Setting.BP_FHIR_FEED_URL));
        }
        URI url = urls.get(0);
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new InvalidSettingException(Setting.BP_FHIR_FEED_URL,
                    "a base URL without user:password@, query or fragment (credentials go in BP_FHIR_FEED_USERNAME/_PASSWORD or BP_FHIR_FEED_TOKEN)",
                    "(hidden)");
        }
        Optional<String> username = settings.optional(Setting.BP_FHIR_FEED_USERNAME);
        Optional<String> password = settings.optional(Setting.BP_FHIR_FEED_PASSWORD);
        Optional<String> token = settings.optional(Setting.BP_FHIR_FEED_TOKEN);
        if (username.isPresent() != password.isPresent()) {
            throw new InvalidSettingException(username.isPresent() ? Setting.BP_FHIR_FEED_PASSWORD : Setting.BP_FHIR_FEED_USERNAME,
                    "a value, with its user or password", "");
        }
        if (username.isPresent() && token.isPresent()) {
            throw new InvalidSettingException(Setting.BP_FHIR_FEED_TOKEN, "no token together with a user and password",
                    token.get());
        }
        String base = url.toString();
        return new FeedServer(base.endsWith("/") ? base.substring(0, base.length() - 1) : base, username, password, token);
    }

    /** The cursor topic's key for this server. */
    public String key() {
        return baseUrl;
    }

    /**
     * A HAPI client of this server with its credentials, its own timeouts, and no capability-statement request before
     * the first search (a read-only client may not be allowed it, and the search says as much).
     */
    public IGenericClient client(FhirContext fhir) {
        ApacheRestfulClientFactory factory = new ApacheRestfulClientFactory(fhir);
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setConnectTimeout(CONNECT_TIMEOUT_MS);
        factory.setSocketTimeout(SOCKET_TIMEOUT_MS);
        IGenericClient client = factory.newGenericClient(baseUrl);
        if (username.isPresent()) {
            client.registerInterceptor(new BasicAuthInterceptor(username.get(), password.orElseThrow()));
        }
        token.ifPresent(value -> client.registerInterceptor(new BearerTokenAuthInterceptor(value)));
        return client;
    }

    /** How it logs in, for the start-up line: never the credential itself. */
    public String describeLogin() {
        return username.isPresent() ? "basic auth" : token.isPresent() ? "bearer token" : "no credentials";
    }

    @Override
    public String toString() {
        return baseUrl;
    }
}
