package io.bpmonitor.config;

/**
 * Where alerts go beyond Elasticsearch and Kafka, each on in the detector role when its URL is set: its routes are a
 * YAML file of their own under {@code routes/}, loaded only then, and consume {@code BP_ALERT_TOPIC} in a consumer
 * group of their own, so a slow receiver holds back neither the detector nor the other output.
 */
public enum AlertOutput {
    /** POSTs every alert record to BP_ALERT_WEBHOOK_URL. */
    WEBHOOK(Setting.BP_ALERT_WEBHOOK_URL, "alert-webhook.yaml"),
    /** Writes every alert as a {@code Flag} to the FHIR server at BP_ALERT_FHIR_URL. */
    FHIR(Setting.BP_ALERT_FHIR_URL, "alert-fhir.yaml");

    private final Setting url;
    private final String routeFile;

    AlertOutput(Setting url, String routeFile) {
        this.url = url;
        this.routeFile = routeFile;
    }

    /** The setting that switches it on. */
    public Setting url() {
        return url;
    }

    public String routeFile() {
        return routeFile;
    }
}
