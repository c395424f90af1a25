package io.bpmonitor.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the topics bp-monitor derives from the readings (its state, the classified readings, the alert events)
 * partitioned like the readings' topic, so each patient's records of every kind sit in partitions of the same number.
 */
public final class PartitionedTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Map<String, Object> kafka;

    /** @param kafka bootstrap servers and security properties of the application's Kafka clients */
    public PartitionedTopics(Map<String, Object> kafka) {
        this.kafka = Map.copyOf(kafka);
    }

    /**
     * Creates {@code topic} with as many partitions as {@code like} has (the broker's default when {@code like} is
     * null or missing), or adds partitions when it has fewer.
     */
    public void ensure(String topic, String like, Map<String, String> configs) throws InterruptedException {
        try (Admin admin = Admin.create(kafka)) {
            Optional<Integer> wanted = like == null ? Optional.empty() : partitions(admin, like);
            Optional<Integer> existing = partitions(admin, topic);
            if (existing.isEmpty()) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, wanted, Optional.empty()).configs(configs)))
                            .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    // another process (or thread) made it meanwhile
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            } else if (wanted.isPresent() && existing.get() < wanted.get()) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(wanted.get())))
                        .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create the topic " + topic + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer in " + TIMEOUT + " about the topic " + topic, e);
        }
    }

    /** How many partitions {@code topic} has; asked from a stream thread, so an interrupt is kept, not thrown. */
    public int partitions(String topic) {
        try (Admin admin = Admin.create(kafka)) {
            return partitions(admin, topic).orElseThrow(() -> new MissingTopicException(topic));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the partitions of " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not tell the partitions of " + topic + ": " + e.getCause(), e);
        }
    }

    private static Optional<Integer> partitions(Admin admin, String name)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            Map<String, TopicDescription> topics = admin.describeTopics(Set.of(name)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.of(topics.get(name).partitions().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
