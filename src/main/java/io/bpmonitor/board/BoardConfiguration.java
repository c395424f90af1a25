package io.bpmonitor.board;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.bpmonitor.board.BoardSummary.Thresholds;
import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import io.bpmonitor.kafka.KafkaClients;
import io.bpmonitor.kafka.PartitionedTopics;
import io.bpmonitor.rules.PatientTarget;
import io.bpmonitor.signin.BasicSignIn;
import io.bpmonitor.signin.OidcSignIn;
import io.bpmonitor.signin.Sessions;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live triage board's beans ({@code camel.main.configuration-classes}). The HTTP server itself is camel-main's
 * embedded platform-http server ({@code camel.server.*}); {@link BoardRoutes} puts the page and the API on it.
 */
public class BoardConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BoardConfiguration.class);
    private ApiAccess access;

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        if (!settings.roles().servesBoard()) {
            LOG.info("Board: off (this instance has no Elasticsearch: BP_ROUTES without detector, ELASTICSEARCH_URL unset)");
            return;
        }
        String address = address(settings.text(Setting.BP_BOARD_HOST), settings.integer(Setting.BP_BOARD_PORT));
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext camelContext, boolean alreadyStarted) {
                // the server is up here, but not yet the routes
            }

            /** Once, when the routes are up too; Camel passes alreadyStarted=true here. */
            @Override
            public void onCamelContextFullyStarted(CamelContext camelContext, boolean alreadyStarted) {
                LOG.info("Board: {}", address);
            }
        });
    }

    /**
     * Where a person opens the board. A wildcard bind address is shown as the loopback address, which reaches it
     * from the same machine.
     */
    static String address(String host, int port) {
        String shown = switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return "http://" + shown + ":" + port + "/";
    }

    private static SummaryService summaryService(CamelContext context) {
        Settings settings = Settings.of(context);
        Thresholds thresholds = new Thresholds(settings.integer(Setting.BP_SYSTOLIC_THRESHOLD),
                settings.integer(Setting.BP_DIASTOLIC_THRESHOLD));
        return new SummaryService(
                () -> context.getRegistry().lookupByNameAndType("elasticsearchRestClient", RestClient.class),
                settings.required(Setting.BP_INDEX), thresholds, Clock.systemUTC());
    }

    @BindToRegistry
    public BoardApi boardApi(CamelContext context) {
        return new BoardApi(summaryService(context));
    }

    @BindToRegistry
    public BoardApi boardAlertsApi(CamelContext context) {
        return BoardApi.openAlerts(new OpenAlertsService(
                () -> context.getRegistry().lookupByNameAndType("elasticsearchRestClient", RestClient.class),
                Settings.of(context).required(Setting.BP_ALERT_INDEX)));
    }

    /** One sign-in for every API of the board: its remembered sign-ins and its bounded bcrypt checks are shared. */
    private synchronized ApiAccess access(CamelContext context) {
        if (access == null) {
            Settings settings = Settings.of(context);
            access = new ApiAccess(new BasicSignIn(Path.of(settings.text(Setting.BP_USERS_FILE)), Clock.systemUTC()),
                    new Sessions(Duration.ofMinutes(settings.integer(Setting.BP_SESSION_IDLE_MINUTES)),
                            Clock.systemUTC(), settings.optional(Setting.BP_HTTP_KEYSTORE).isPresent()),
                    settings.optional(Setting.BP_OIDC_ISSUER).map(issuer -> new OidcSignIn(new OidcSignIn.Config(
                            URI.create(issuer), settings.text(Setting.BP_OIDC_CLIENT_ID),
                            settings.text(Setting.BP_OIDC_CLIENT_SECRET), settings.text(Setting.BP_OIDC_ROLES_CLAIM)),
                            Clock.systemUTC())));
        }
        return access;
    }

    @BindToRegistry
    public PatientTargetsApi patientTargetsApi(CamelContext context) {
        Settings settings = Settings.of(context);
        return new PatientTargetsApi(access(context), Clock.systemUTC(), () -> PatientTarget.ensureTopic(new PartitionedTopics(
                        KafkaClients.of(context).properties()), settings.required(Setting.BP_PATIENT_TARGETS_TOPIC),
                        settings.required(Setting.BP_TOPIC)));
    }

    @BindToRegistry
    public BoardApi patientViewApi(CamelContext context) {
        Settings settings = Settings.of(context);
        Supplier<RestClient> client = () -> context.getRegistry().lookupByNameAndType("elasticsearchRestClient",
                RestClient.class);
        return BoardApi.patient(new PatientView(
                new BoardSearch(client, settings.required(Setting.BP_PATIENT_DAYS_INDEX)),
                new BoardSearch(client, settings.required(Setting.BP_INDEX)),
                new BoardSearch(client, settings.required(Setting.BP_ALERT_INDEX)),
                new BoardSearch(client, settings.required(Setting.BP_AUDIT_INDEX))));
    }

    @BindToRegistry
    public ApiAccess apiAccess(CamelContext context) {
        return access(context);
    }

    @BindToRegistry
    public SignInPages signInPages(CamelContext context) {
        return new SignInPages(access(context), Settings.of(context).optional(Setting.BP_HTTP_KEYSTORE).isPresent());
    }

    @BindToRegistry
    public AlertReviewApi alertReviewApi(CamelContext context) {
        Settings settings = Settings.of(context);
        return new AlertReviewApi(access(context), new BoardSearch(
                () -> context.getRegistry().lookupByNameAndType("elasticsearchRestClient", RestClient.class),
                settings.required(Setting.BP_ALERT_INDEX)), Clock.systemUTC(),
                () -> new PartitionedTopics(KafkaClients.of(context).properties()).ensure(
                        settings.required(Setting.BP_ALERT_REVIEWS_TOPIC), settings.required(Setting.BP_TOPIC),
                        Map.of()));
    }

    /** The routes of {@link BoardRoutes} go on the board's server, whatever other servers the context runs. */
    @BindToRegistry("platform-http-engine")
    public BoardHttpEngine platformHttpEngine(CamelContext context) {
        return new BoardHttpEngine(Settings.of(context).integer(Setting.BP_BOARD_PORT));
    }

    @BindToRegistry
    public BoardAssets boardAssets() {
        return new BoardAssets();
    }
}
