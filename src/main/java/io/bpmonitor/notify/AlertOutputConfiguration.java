package io.bpmonitor.notify;

import java.time.Clock;

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
}
