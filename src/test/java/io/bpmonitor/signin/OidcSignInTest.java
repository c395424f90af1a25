package io.bpmonitor.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.bpmonitor.testing.TestOidcProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect against the tests' provider: the code flow with PKCE signs a user in with the role of the roles
 * claim; a state not started here, a user without a role, and access tokens forged, expired or for another audience
 * are refused.
 */
class OidcSignInTest {

    private static final URI CALLBACK = URI.create("http://127.0.0.1:8080/signin/oidc/callback");
    private static TestOidcProvider provider;
    private static OidcSignIn oidc;

    @BeforeAll
    static void start() throws Exception {
        provider = TestOidcProvider.start();
        oidc = new OidcSignIn(new OidcSignIn.Config(URI.create(provider.issuer()), TestOidcProvider.CLIENT_ID,
                TestOidcProvider.CLIENT_SECRET, "roles"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    /** The browser's trip to the provider and back: the code and state it comes back with. */
    private static String[] codeAndState() throws Exception {
        URI authorize = oidc.start(CALLBACK);
        assertThat(authorize.getQuery()).contains("code_challenge_method=S256").contains("client_id=bp-monitor");
        HttpResponse<Void> back = HttpClient.newHttpClient().send(HttpRequest.newBuilder(authorize).build(),
                HttpResponse.BodyHandlers.discarding());
        URI callback = TestOidcProvider.location(back);
        assertThat(callback.toString()).startsWith(CALLBACK.toString());
        String code = null;
        String state = null;
        for (String pair : callback.getQuery().split("&")) {
            if (pair.startsWith("code=")) {
                code = pair.substring(5);
            } else if (pair.startsWith("state=")) {
                state = pair.substring(6);
            }
        }
        return new String[] {code, state};
    }

    @Test
    void theCodeFlowSignsTheUserInWithTheHighestRoleOfTheClaimAndOnlyOnce() throws Exception {
        provider.signsInAs("dr.oidc", List.of("viewer", "clinician", "nurse-manager"));
        String[] back = codeAndState();

        assertThat(oidc.finish(back[1], back[0])).isEqualTo(new User("dr.oidc", UserRole.CLINICIAN));
        assertThatThrownBy(() -> oidc.finish(back[1], back[0])).isInstanceOf(OidcSignIn.Refused.class)
                .hasMessageContaining("not started here");
        assertThatThrownBy(() -> oidc.finish("made-up", "code")).isInstanceOf(OidcSignIn.Refused.class);
    }

    @Test
    void aUserWithoutARoleHereIsRefused() throws Exception {
        provider.signsInAs("visitor", List.of("nurse-manager"));
        String[] back = codeAndState();

        assertThatThrownBy(() -> oidc.finish(back[1], back[0])).isInstanceOf(OidcSignIn.Refused.class)
                .hasMessageContaining("no role in bp-monitor");
    }

    @Test
    void anAccessTokenOfTheProviderForThisClientReachesTheApiAndNoOtherDoes() throws Exception {
        String good = provider.accessToken("lab-system", List.of("viewer"), TestOidcProvider.CLIENT_ID,
                Duration.ofMinutes(5), false);
        assertThat(oidc.bearer("Bearer " + good)).contains(new User("lab-system", UserRole.VIEWER));

        assertThat(oidc.bearer("Bearer " + provider.accessToken("lab-system", List.of("viewer"),
                TestOidcProvider.CLIENT_ID, Duration.ofMinutes(5), true))).as("signed by another key").isEmpty();
        assertThat(oidc.bearer("Bearer " + provider.accessToken("lab-system", List.of("viewer"),
                TestOidcProvider.CLIENT_ID, Duration.ofMinutes(-5), false))).as("expired").isEmpty();
        assertThat(oidc.bearer("Bearer " + provider.accessToken("lab-system", List.of("viewer"), "another-app",
                Duration.ofMinutes(5), false))).as("for another audience").isEmpty();
        assertThat(oidc.bearer("Bearer not-a-token")).isEmpty();
        assertThat(oidc.bearer("Basic " + good)).isEmpty();
    }
}
