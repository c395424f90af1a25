package io.bpmonitor.app;

/**
 * Every setting bp-monitor reads: its property in {@code application.properties} and the environment variable that
 * overrides it. Errors about a setting name the environment variable, which is what an operator sets.
 */
public enum Setting {
    KAFKA_BROKERS("bp.kafka.brokers"),
    ELASTICSEARCH_URL("bp.elasticsearch.url"),
    ELASTICSEARCH_USERNAME("bp.elasticsearch.username"),
    ELASTICSEARCH_PASSWORD("bp.elasticsearch.password"),
    // Security. Property names end in a word Camel's summary masks (password, apikey, username), so values never show.
    ELASTICSEARCH_API_KEY("bp.elasticsearch.api-key"),
    ELASTICSEARCH_CA_CERT("bp.elasticsearch.ca-cert"),
    KAFKA_SECURITY_PROTOCOL("bp.kafka.security-protocol"),
    KAFKA_SASL_MECHANISM("bp.kafka.sasl.mechanism"),
    KAFKA_SASL_USERNAME("bp.kafka.sasl.username"),
    KAFKA_SASL_PASSWORD("bp.kafka.sasl.password"),
    KAFKA_SSL_TRUSTSTORE_LOCATION("bp.kafka.ssl.truststore-location"),
    KAFKA_SSL_TRUSTSTORE_PASSWORD("bp.kafka.ssl.truststore-password"),
    KAFKA_SSL_TRUSTSTORE_TYPE("bp.kafka.ssl.truststore-type"),
    KAFKA_SSL_KEYSTORE_LOCATION("bp.kafka.ssl.keystore-location"),
    KAFKA_SSL_KEYSTORE_PASSWORD("bp.kafka.ssl.keystore-password"),
    KAFKA_SSL_KEYSTORE_TYPE("bp.kafka.ssl.keystore-type"),
    BP_TOPIC("bp.topic"),
    BP_DLQ_TOPIC("bp.dlq-topic"),
    BP_GROUP_ID("bp.group-id"),
    BP_INDEX("bp.index"),
    BP_ROUTES("bp.routes"),
    BP_SYSTOLIC_THRESHOLD("bp.systolic-threshold"),
    BP_DIASTOLIC_THRESHOLD("bp.diastolic-threshold"),
    BP_SIMULATOR_RATE("bp.simulator.rate"),
    BP_SIMULATOR_PATIENTS("bp.simulator.patients"),
    BP_SIMULATOR_SEED("bp.simulator.seed"),
    BP_DETECTOR_MAX_POLL_RECORDS("bp.detector.max-poll-records"),
    BP_DETECTOR_CONSUMERS("bp.detector.consumers"),
    BP_MAX_MESSAGE_BYTES("bp.max-message-bytes"),
    BP_RETRY_INITIAL_DELAY_MS("bp.retry.initial-delay-ms"),
    BP_RETRY_MAX_DELAY_MS("bp.retry.max-delay-ms"),
    BP_PROGRESS_INTERVAL_MS("bp.progress-interval-ms");

    private final String property;

    Setting(String property) {
        this.property = property;
    }

    public String property() {
        return property;
    }

    /** How the setting is named in messages: {@code BP_TOPIC (bp.topic)}. */
    public String label() {
        return name() + " (" + property + ")";
    }
}
