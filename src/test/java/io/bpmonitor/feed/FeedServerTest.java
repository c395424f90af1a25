package io.bpmonitor.feed;

import static io.bpmonitor.config.Setting.BP_FHIR_FEED_PASSWORD;
import static io.bpmonitor.config.Setting.BP_FHIR_FEED_TOKEN;
import static io.bpmonitor.config.Setting.BP_FHIR_FEED_URL;
import static io.bpmonitor.config.Setting.BP_FHIR_FEED_USERNAME;
import static io.bpmonitor.config.Setting.BP_ROUTES;
import static io.bpmonitor.testing.SettingsFixture.settingsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.sun.net.httpserver.HttpServer;
import io.bpmonitor.config.InvalidSettingException;
import io.bpmonitor.testing.SettingMap;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

/** How the feed logs in to the FHIR server, which settings it refuses, and how it names a failed poll. */
class FeedServerTest {

    @Test
    void theClientSendsTheConfiguredCredentialsAndNothingElse() throws Exception {
        assertThat(authorizationSent(SettingMap.of(BP_FHIR_FEED_USERNAME, "ehr-user", BP_FHIR_FEED_PASSWORD, "pa:ss")))
                .containsExactly("Basic ZWhyLXVzZXI6cGE6c3M=");
        assertThat(authorizationSent(SettingMap.of(BP_FHIR_FEED_TOKEN, "t0k3n"))).containsExactly("Bearer t0k3n");
        assertThat(authorizationSent(Map.of())).containsExactly((String) null);
    }

    @Test
    void settingsThatCannotWorkStopTheStartWithoutShowingACredential() {
        assertThatThrownBy(() -> FeedServer.from(settingsWith(BP_ROUTES, "feed")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("BP_FHIR_FEED_URL");
        assertThatThrownBy(() -> FeedServer.from(settingsWith(BP_FHIR_FEED_URL, "https://u:hunter2@ehr.test/fhir")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("BP_FHIR_FEED_URL")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> FeedServer.from(settingsWith(BP_FHIR_FEED_URL, "https://ehr.test/fhir",
                BP_FHIR_FEED_USERNAME, "u")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("BP_FHIR_FEED_PASSWORD");
        assertThatThrownBy(() -> FeedServer.from(settingsWith(BP_FHIR_FEED_URL, "https://ehr.test/fhir",
                BP_FHIR_FEED_USERNAME, "u", BP_FHIR_FEED_PASSWORD, "hunter2", BP_FHIR_FEED_TOKEN, "s3cr3t")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("BP_FHIR_FEED_TOKEN")
                .hasMessageNotContaining("s3cr3t").hasMessageNotContaining("hunter2");
        assertThat(FeedServer.from(settingsWith(BP_FHIR_FEED_URL, "https://ehr.test/fhir/")).key())
                .isEqualTo("https://ehr.test/fhir");
    }

    @Test
    void aFailedPollIsNamedByWhatToCheck() {
        assertThat(FeedProblems.describe(new AuthenticationException("HTTP 401 Unauthorized: {\"secret\":1}")))
                .startsWith("the server refused the feed's credentials (401)").doesNotContain("secret");
        assertThat(FeedProblems.describe(new FhirClientConnectionException(new UnknownHostException("ehr.test"))))
                .isEqualTo("the server's host is unknown: check BP_FHIR_FEED_URL");
        assertThat(FeedProblems.describe(new RuntimeException(new FhirClientConnectionException(new ConnectException()))))
                .startsWith("the server cannot be reached (connection refused)");
        assertThat(FeedProblems.describe(new ResourceNotFoundException("HTTP 404 Not Found: <html>patient list</html>")))
                .startsWith("the server answered HTTP 404").doesNotContain("patient");
        assertThat(FeedProblems.describe(new DataFormatException("Failed to parse: {\"subject\":\"Patient/p-1\"}")))
                .startsWith("the server's answer is not a FHIR Bundle").doesNotContain("Patient");
        assertThat(FeedProblems.describe(new org.apache.kafka.common.errors.TimeoutException("Expiring 3 record(s)")))
                .startsWith("Kafka did not acknowledge");
        assertThat(FeedProblems.describe(new io.bpmonitor.kafka.MissingTopicException("bp-observations")))
                .isEqualTo("Kafka has no topic bp-observations yet, which the targets are partitioned like: check BP_TOPIC");
    }

    /** The Authorization headers an empty search sends with these settings. */
    private static List<String> authorizationSent(Map<String, String> settings) throws Exception {
        List<String> seen = new ArrayList<>();
        HttpServer ehr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ehr.createContext("/", exchange -> {
            seen.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] empty = FhirContext.forR4Cached().newJsonParser()
                    .encodeResourceToString(new Bundle().setType(Bundle.BundleType.SEARCHSET)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(200, empty.length);
            exchange.getResponseBody().write(empty);
            exchange.close();
        });
        ehr.start();
        try {
            Map<String, String> all = new HashMap<>(settings);
            all.put(BP_FHIR_FEED_URL.property(), "http://127.0.0.1:" + ehr.getAddress().getPort() + "/fhir");
            FeedServer.from(settingsWith(all)).client(FhirContext.forR4Cached())
                    .search().byUrl("Observation?code=http://loinc.org|85354-9").returnBundle(Bundle.class).execute();
        } finally {
            ehr.stop(0);
        }
        return seen;
    }
}
