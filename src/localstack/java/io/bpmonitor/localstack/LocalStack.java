package io.bpmonitor.localstack;

import java.util.Optional;

/** The services the app needs when no external Kafka or Elasticsearch is configured. */
public final class LocalStack implements AutoCloseable {

    private final LocalKafka kafka;
    private final LocalElasticsearch elasticsearch;

    private LocalStack(LocalKafka kafka, LocalElasticsearch elasticsearch) {
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
    }

    /** Starts the requested services; if one fails, the ones already started are stopped again. */
    public static LocalStack start(LocalStackSettings s, boolean needKafka, boolean needElasticsearch) {
        LocalKafka kafka = needKafka
                ? LocalKafka.start(s.dataDir(), s.kafkaPort(), s.kafkaControllerPort(), s.kafkaPartitions())
                : null;
        try {
            LocalElasticsearch elasticsearch = needElasticsearch ? LocalElasticsearch.start(s) : null;
            return new LocalStack(kafka, elasticsearch);
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            throw e;
        }
    }

    /** Services started one by one elsewhere (either may be null), to be stopped as {@link #close()} stops them. */
    public static LocalStack of(LocalKafka kafka, LocalElasticsearch elasticsearch) {
        return new LocalStack(kafka, elasticsearch);
    }

    public Optional<String> kafkaBootstrapServers() {
        return Optional.ofNullable(kafka).map(LocalKafka::bootstrapServers);
    }

    public Optional<String> elasticsearchUrl() {
        return Optional.ofNullable(elasticsearch).map(LocalElasticsearch::url);
    }

    /** Stops Elasticsearch first, then Kafka. */
    @Override
    public void close() {
        try {
            if (elasticsearch != null) {
                elasticsearch.close();
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }
}
