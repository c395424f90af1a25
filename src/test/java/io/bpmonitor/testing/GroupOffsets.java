package io.bpmonitor.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** What the broker knows about a topic and a consumer group: end offsets, committed offsets, members. */
public final class GroupOffsets {

    private GroupOffsets() {
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.kafkaBootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    /** The next offset to be written, per partition; empty when the topic does not exist. */
    public static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            TopicDescription description;
            try {
                description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return Map.of();
                }
                throw e;
            }
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(10, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        }
    }

    /**
     * How many records a topic holds (0 when it does not exist), counted as a {@code read_committed} reader reads them:
     * on a topic written in transactions (the dead-letter topic) commit markers and aborted records take offsets too.
     */
    public static long recordCount(String topic) throws Exception {
        if (endOffsets(topic).isEmpty()) {
            return 0;
        }
        return KafkaTestClient.readCommitted(topic, java.time.Duration.ofSeconds(60)).size();
    }

    /** The group's committed offsets for {@code topic}. */
    public static Map<TopicPartition, Long> committed(String group, String topic) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> committed = new HashMap<>();
            offsets.forEach((partition, offset) -> {
                if (partition.topic().equals(topic) && offset != null) {
                    committed.put(partition, offset.offset());
                }
            });
            return committed;
        }
    }

    /** Records of {@code topic} the group has not committed yet. */
    public static long lag(String group, String topic) throws Exception {
        Map<TopicPartition, Long> committed = committed(group, topic);
        return endOffsets(topic).entrySet().stream()
                .mapToLong(end -> end.getValue() - committed.getOrDefault(end.getKey(), 0L)).sum();
    }

    /** Partitions per member (by client id and host), as the group coordinator assigned them. */
    public static Map<String, Set<Integer>> assignments(String group) throws Exception {
        try (Admin admin = admin()) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group).get(10, TimeUnit.SECONDS);
            Map<String, Set<Integer>> assignments = new HashMap<>();
            for (MemberDescription member : description.members()) {
                assignments.put(member.consumerId(), member.assignment().topicPartitions().stream()
                        .map(TopicPartition::partition).collect(Collectors.toCollection(TreeSet::new)));
            }
            return assignments;
        }
    }

    /**
     * The transactions the broker holds open or is ending (not yet committed or aborted), with their producer and age:
     * a read_committed reader, or a consumer fetching offsets committed in a transaction, waits on each.
     */
    public static List<TransactionDescription> unfinishedTransactions() throws Exception {
        try (Admin admin = admin()) {
            List<String> ids = admin.listTransactions().all().get(10, TimeUnit.SECONDS).stream()
                    .filter(listing -> listing.state() != TransactionState.COMPLETE_COMMIT
                            && listing.state() != TransactionState.COMPLETE_ABORT
                            && listing.state() != TransactionState.EMPTY)
                    .map(TransactionListing::transactionalId).toList();
            return List.copyOf(admin.describeTransactions(ids).all().get(10, TimeUnit.SECONDS).values());
        }
    }
}
