package io.bpmonitor.localstack;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * A FHIR R4 server for the tests and the run command: HAPI FHIR's JPA server (the reference implementation) on an
 * in-memory H2 database, its {@link RestfulServer} in an embedded Jetty on 127.0.0.1 and a free port, in this JVM.
 * Everything the feed reads from an EHR works as there: create, update, conditional create, search by {@code code} and
 * {@code _lastUpdated}, {@code _sort}, {@code _count} and {@code next} links. Open, or guarded by
 * {@link FhirServerCredentials} ({@link #requireCredentials}). Each server has its own database: {@link #close()}
 * forgets everything. Starting one takes 15–60 s on a small machine: a test class shares one.
 */
public final class LocalFhirServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalFhirServer.class);
    private static final AtomicLong DATABASES = new AtomicLong();
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);

    private final AnnotationConfigApplicationContext spring;
    private final Server jetty;
    private final String baseUrl;

    private final CredentialsGuard guard;
    private final FhirContext fhirContext;

    private LocalFhirServer(AnnotationConfigApplicationContext spring, Server jetty, String baseUrl, CredentialsGuard guard,
            FhirContext fhirContext) {
        this.spring = spring;
        this.fhirContext = fhirContext;
        this.jetty = jetty;
        this.baseUrl = baseUrl;
        this.guard = guard;
    }

    /** Starts a server, open until {@link #requireCredentials} says otherwise, and returns once it answers. */
    public static LocalFhirServer start() {
        long started = System.nanoTime();
        String database = "bp-fhir-" + DATABASES.incrementAndGet() + "-" + UUID.randomUUID();
        AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext();
        Server jetty = null;
        try {
            spring.registerBean(LocalFhirServerConfig.Database.class, () -> new LocalFhirServerConfig.Database(database));
            spring.register(LocalFhirServerConfig.class);
            spring.refresh();

            CredentialsGuard guard = new CredentialsGuard();
            RestfulServer fhir = restfulServer(spring);
            fhir.registerInterceptor(guard);
            jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            context.addServlet(new ServletHolder(fhir), "/fhir/*");
            jetty.setHandler(context);
            jetty.start();
            int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
            String baseUrl = "http://127.0.0.1:" + port + "/fhir";
            awaitCapabilityStatement(fhir.getFhirContext(), baseUrl);
            LOG.info("FHIR R4 server (HAPI JPA, H2 in memory) up at {} in {} ms", baseUrl,
                    (System.nanoTime() - started) / 1_000_000);
            return new LocalFhirServer(spring, jetty, baseUrl, guard, fhir.getFhirContext());
        } catch (Exception e) {
            stopQuietly(jetty);
            spring.close();
            throw new IllegalStateException("The local FHIR server did not start: " + e, e);
        }
    }

    private static RestfulServer restfulServer(AnnotationConfigApplicationContext spring) {
        IFhirSystemDao<?, ?> systemDao = spring.getBean(IFhirSystemDao.class);
        RestfulServer server = new RestfulServer(systemDao.getContext(), spring.getBean(IInterceptorService.class));
        server.registerProviders(spring.getBean(ResourceProviderFactory.class).createProviders());
        server.registerProvider(spring.getBean(JpaSystemProvider.class));
        // paged searches kept in the database, so next links outlive the request that made them
        server.setPagingProvider(spring.getBean(DatabaseBackedPagingProvider.class));
        return server;
    }

    /**
     * The server's first capability statement takes seconds to build (every search parameter of every resource);
     * built here, so no client's first request times out on it.
     */
    private static void awaitCapabilityStatement(FhirContext fhirContext, String baseUrl) {
        IRestfulClientFactory clients = fhirContext.getRestfulClientFactory();
        clients.setServerValidationMode(ServerValidationModeEnum.NEVER);
        clients.setSocketTimeout((int) CLIENT_TIMEOUT.toMillis());
        fhirContext.newRestfulGenericClient(baseUrl).capabilities().ofType(CapabilityStatement.class).execute();
    }

    /**
     * A client of this server for seeding and checking it (the server's own FHIR context): patient with a busy
     * machine, and without the capability-statement round trip HAPI's clients make first by default.
     */
    public IGenericClient client() {
        return fhirContext.newRestfulGenericClient(baseUrl);
    }

    /** From now on every request must carry {@code credentials} (401 otherwise); null opens the server again. */
    public void requireCredentials(FhirServerCredentials credentials) {
        guard.required = credentials;
    }

    /** {@code http://127.0.0.1:<port>/fhir}: the FHIR base URL. */
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        stopQuietly(jetty);
        spring.close();
    }

    private static void stopQuietly(Server jetty) {
        if (jetty != null) {
            try {
                jetty.stop();
            } catch (Exception e) {
                LOG.warn("Jetty of the local FHIR server did not stop cleanly: {}", e.toString());
            }
        }
    }

    /** Answers 401 to a request without the credentials in force, as an EHR would. */
    @Interceptor
    public static final class CredentialsGuard {
        private volatile FhirServerCredentials required;

        @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
        public boolean authenticate(HttpServletRequest request) {
            FhirServerCredentials credentials = required;
            if (credentials != null && !credentials.acceptedIn(request.getHeader("Authorization"))) {
                throw new AuthenticationException("Missing or wrong credentials");
            }
            return true;
        }
    }

    @Override
    public String toString() {
        return "LocalFhirServer[" + Objects.requireNonNullElse(baseUrl, "?") + "]";
    }
}
