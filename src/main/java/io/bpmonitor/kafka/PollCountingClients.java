package io.bpmonitor.kafka;

import java.util.List;
import java.util.Properties;

import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * camel-kafka's client factory, its consumers counting their polls ({@link PollCounter}). The interceptor is given as a
 * class, not a name: under {@code camel run} the application's classes are not on the class path Kafka loads names
 * from.
 */
public final class PollCountingClients extends DefaultKafkaClientFactory {

    @Override
    public Consumer getConsumer(Properties kafkaProps) {
        Properties counting = new Properties();
        counting.putAll(kafkaProps);
        counting.put(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, List.of(PollCounter.class));
        return super.getConsumer(counting);
    }
}
