package io.bpmonitor.alerts.outputs;

import java.time.Clock;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The beans of the alert outputs ({@code camel.main.configuration-classes}); lazy, so they are built only where an
 * output's routes run ({@link io.bpmonitor.config.Roles#activeAlertOutputs()}).
 */
public class AlertOutputConfiguration implements CamelConfiguration {

    private static final int FHIR_CONNECT_TIMEOUT_MS = 5_000;
    private static final int FHIR_SOCKET_TIMEOUT_MS = 30_000;

    @BindToRegistry(lazy = true)
    public AlertIntake alertIntake() {
        return new AlertIntake(Clock.systemUTC());
    }

    @BindToRegistry(lazy = true)
    public AlertWebhook alertWebhook(CamelContext context) {
        Settings settings = Settings.of(context);
        return new AlertWebhook(settings.required(Setting.BP_ALERT_WEBHOOK_AUTH_HEADER),
                settings.optional(Setting.BP_ALERT_WEBHOOK_SECRET));
    }

    @BindToRegistry(lazy = true)
    public AlertFlags alertFlags() {
        return new AlertFlags();
    }

    /**
     * The FHIR write-back's client of BP_ALERT_FHIR_URL: its own timeouts, the bearer token when set, and no
     * capability-statement request before the first write.
     */
    @BindToRegistry(lazy = true)
    public IGenericClient alertFhirClient(CamelContext context) {
        Settings settings = Settings.of(context);
        ApacheRestfulClientFactory factory = new ApacheRestfulClientFactory(FhirContext.forR4Cached());
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setConnectTimeout(FHIR_CONNECT_TIMEOUT_MS);
        factory.setSocketTimeout(FHIR_SOCKET_TIMEOUT_MS);
        IGenericClient client = factory.newGenericClient(settings.url(Setting.BP_ALERT_FHIR_URL).toString());
        settings.optional(Setting.BP_ALERT_FHIR_TOKEN)
                .ifPresent(token -> client.registerInterceptor(new BearerTokenAuthInterceptor(token)));
        return client;
    }
}
