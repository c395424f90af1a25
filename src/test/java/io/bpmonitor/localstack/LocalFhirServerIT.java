package io.bpmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import io.bpmonitor.testing.KnownReadings;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness's FHIR server does what the feed relies on an EHR to do. */
class LocalFhirServerIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static LocalFhirServer server;

    @BeforeAll
    static void start() {
        server = LocalFhirServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void storesObservationsAndPagesThroughThemInLastUpdatedOrder() {
        IGenericClient client = server.client();
        List<KnownReadings.Sent> readings = KnownReadings.generate(12, 7);
        for (KnownReadings.Sent reading : readings) {
            Observation observation = FHIR.newJsonParser().parseResource(Observation.class, new String(reading.json()));
            client.update().resource(observation).execute();
        }

        List<String> ids = new ArrayList<>();
        List<java.util.Date> updated = new ArrayList<>();
        Bundle page = client.search().forResource(Observation.class)
                .where(new TokenClientParam("code").exactly().systemAndCode("http://loinc.org", "85354-9"))
                .lastUpdated(new ca.uhn.fhir.rest.param.DateRangeParam("ge2000-01-01T00:00:00Z", null))
                .sort(new SortSpec("_lastUpdated")).count(5).returnBundle(Bundle.class).execute();
        int pages = 1;
        collect(page, ids, updated);
        while (page.getLink(Bundle.LINK_NEXT) != null) {
            page = client.loadPage().next(page).execute();
            pages++;
            collect(page, ids, updated);
        }

        assertThat(pages).isEqualTo(3);
        assertThat(ids).containsExactlyElementsOf(readings.stream().map(KnownReadings.Sent::id).toList());
        assertThat(updated).isSorted();
    }

    @Test
    void conditionalCreateMakesOneResource() {
        IGenericClient client = server.client();
        Observation observation = FHIR.newJsonParser().parseResource(Observation.class,
                new String(KnownReadings.generate(1, 99).get(0).json()));
        observation.setId((String) null);
        observation.addIdentifier().setSystem("urn:bp-test").setValue("conditional-1");

        MethodOutcome first = client.create().resource(observation).conditionalByUrl("Observation?identifier=urn:bp-test|conditional-1").execute();
        MethodOutcome second = client.create().resource(observation).conditionalByUrl("Observation?identifier=urn:bp-test|conditional-1").execute();

        assertThat(first.getCreated()).isTrue();
        assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
        assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
    }

    @Test
    void credentialsAreRequiredWhenConfigured() {
        try {
            server.requireCredentials(FhirServerCredentials.basic("ehr", "s3cret"));
            assertThat(searchWith(null)).isEqualTo(401);
            assertThat(searchWith(new BasicAuthInterceptor("ehr", "wrong"))).isEqualTo(401);
            assertThat(searchWith(new BasicAuthInterceptor("ehr", "s3cret"))).isEqualTo(200);

            server.requireCredentials(FhirServerCredentials.bearer("t0ken"));
            assertThat(searchWith(new BasicAuthInterceptor("ehr", "s3cret"))).isEqualTo(401);
            assertThat(searchWith(new BearerTokenAuthInterceptor("t0ken"))).isEqualTo(200);
        } finally {
            server.requireCredentials(null);
        }
        assertThat(searchWith(null)).isEqualTo(200);
    }

    private static int searchWith(IClientInterceptor credentials) {
        IGenericClient client = server.client();
        if (credentials != null) {
            client.registerInterceptor(credentials);
        }
        try {
            client.search().forResource(Observation.class).count(1).returnBundle(Bundle.class).execute();
            return 200;
        } catch (AuthenticationException e) {
            return e.getStatusCode();
        }
    }

    private static void collect(Bundle page, List<String> ids, List<java.util.Date> updated) {
        for (Bundle.BundleEntryComponent entry : page.getEntry()) {
            IBaseResource resource = entry.getResource();
            ids.add(resource.getIdElement().getIdPart());
            updated.add(resource.getMeta().getLastUpdated());
        }
    }
}
