package io.bpmonitor.kafka;

import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Makes the transactional producers of {@link PollTransactions} from the camel-kafka endpoint of the dead-letter
 * topic, i.e. from the Kafka component's configuration: brokers, {@code acks=all}, idempotence, compression and the
 * security options ({@link KafkaSecurity}) apply unchanged. The endpoint is resolved at the first
 * transaction, long after the component is configured.
 */
public class TransactionalProducers implements Supplier<Producer<byte[], byte[]>> {

    /**
     * How long Kafka keeps a transaction open whose producer died (SIGKILL between send and commit): the poll's
     * partitions wait that long before their next reader gets a stable offset. A poll's transaction lasts
     * milliseconds, since it opens only after Elasticsearch acknowledged the batch.
     */
    static final int TRANSACTION_TIMEOUT_MS = 5_000;

    private final CamelContext context;
    private final String endpointUri;
    private final String transactionalIdPrefix;
    private final AtomicInteger created = new AtomicInteger();
    private volatile Properties properties;

    /**
     * @param transactionalIdPrefix made unique per process here: an id only has to be unique per producer, since
     *                              the consumer group generation fences zombies (KIP-447)
     */
    public TransactionalProducers(CamelContext context, String endpointUri, String transactionalIdPrefix) {
        this.context = context;
        this.endpointUri = endpointUri;
        this.transactionalIdPrefix = transactionalIdPrefix + "-" + UUID.randomUUID() + "-";
    }

    /** Reads the endpoint's client properties once, at the first transaction: roles without one never need Kafka's. */
    private Properties properties() {
        Properties client = properties;
        if (client == null) {
            KafkaEndpoint endpoint = context.getEndpoint(endpointUri, KafkaEndpoint.class);
            client = endpoint.getConfiguration().createProducerProperties();
            if (endpoint.getConfiguration().getBrokers() != null) {
                client.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoint.getConfiguration().getBrokers());
            }
            client.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            client.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            client.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
            properties = client;
        }
        return client;
    }

    @Override
    public Producer<byte[], byte[]> get() {
        Properties client = new Properties();
        client.putAll(properties());
        int number = created.incrementAndGet();
        client.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix + number);
        client.put(ProducerConfig.CLIENT_ID_CONFIG, "bp-monitor-poll-transactions-" + number);
        return new KafkaProducer<>(client);
    }
}
