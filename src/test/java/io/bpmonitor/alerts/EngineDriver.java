package io.bpmonitor.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The alert engine's topology in Kafka Streams' test driver, exactly-once as it runs, with its topics: the readings
 * in, the alert events and the day documents out.
 */
final class EngineDriver implements AutoCloseable {

    /** The default rules: repeated on at 3 in 30 minutes, the home rule at 12 readings on 3 days. */
    static final AlertRules RULES =
            new AlertRules(3, Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofSeconds(10), 12, 3);

    /** Urgent alerts escalate after 15 minutes unacknowledged, the default. */
    static final Duration ESCALATE_AFTER = Duration.ofMinutes(15);

    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> readings;
    final TestOutputTopic<String, byte[]> alerts;
    final TestOutputTopic<String, byte[]> days;
    final TestInputTopic<String, byte[]> targets;
    final TestInputTopic<String, byte[]> reviews;

    /** @param carriedOver the open alerts of a previous release, or null for none */
    EngineDriver(AlertRules rules, ZoneId zone, CarriedOverAlerts carriedOver, Instant wallClock) {
        this(rules, zone, carriedOver, wallClock, ESCALATE_AFTER);
    }

    /** @param escalateAfter zero: no escalation, for the tests of the episodes alone */
    EngineDriver(AlertRules rules, ZoneId zone, CarriedOverAlerts carriedOver, Instant wallClock,
                 Duration escalateAfter) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "alert-engine-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(AlertTopology.build(
                new AlertTopology.Topics("bp-readings", "bp-patient-targets", "bp-alert-reviews", "bp-alerts",
                        "bp-patient-days"), new Episodes(rules), new Reviews(escalateAfter),
                new HomeRules(zone, 135, 85), carriedOver), config, wallClock);
        readings = driver.createInputTopic("bp-readings", new StringSerializer(), new ByteArraySerializer());
        reviews = driver.createInputTopic("bp-alert-reviews", new StringSerializer(), new ByteArraySerializer());
        targets = driver.createInputTopic("bp-patient-targets", new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic("bp-alerts", new StringDeserializer(), new ByteArrayDeserializer());
        days = driver.createOutputTopic("bp-patient-days", new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
