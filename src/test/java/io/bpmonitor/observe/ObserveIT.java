package io.bpmonitor.observe;

import static io.bpmonitor.config.Setting.BP_INDEX;
import static io.bpmonitor.config.Setting.BP_MANAGEMENT_PORT;
import static io.bpmonitor.config.Setting.BP_TOPIC;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_PASSWORD;
import static io.bpmonitor.config.Setting.ELASTICSEARCH_USERNAME;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmonitor.testing.Anomalies;
import io.bpmonitor.testing.EsHttp;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.KnownReadings.Sent;
import io.bpmonitor.testing.KnownReadings;
import io.bpmonitor.testing.Poll;
import io.bpmonitor.testing.RunningApp;
import io.bpmonitor.testing.SharedStack;
import org.apache.camel.ManagementStatisticsLevel;
import org.apache.camel.spi.CliConnector;
import org.junit.jupiter.api.Test;

/**
 * The management server of a running bp-monitor: health that follows Elasticsearch down and up, Prometheus metrics and
 * JMX (directly and through Jolokia) that move as readings flow, and a Jolokia policy that refuses operations.
 */
class ObserveIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAKE_SECRET = "pw-must-never-show-7c1e";

    @Test
    void healthMetricsAndJmxFollowThePipeline() throws Exception {
        Map<String, String> settings = RunningApp.isolatedSettings();
        // Elasticsearch runs without security here, so it ignores this; it must still never appear in health output
        settings.put(ELASTICSEARCH_USERNAME.property(), "bp-monitor");
        settings.put(ELASTICSEARCH_PASSWORD.property(), FAKE_SECRET);
        String topic = settings.get(BP_TOPIC.property());
        String index = settings.get(BP_INDEX.property());
        SharedStack.createTopic(topic, 2);
        ManagementHttp http = new ManagementHttp(Integer.parseInt(settings.get(BP_MANAGEMENT_PORT.property())));

        try (RunningApp app = RunningApp.start(settings)) {
            assertThat(app.context().getName()).isEqualTo("bp-monitor");
            assertThat(app.context().hasService(CliConnector.class)).as("camel-cli-connector off by default").isNull();
            assertThat(app.context().getManagementStrategy().getManagementAgent().getStatisticsLevel())
                    .isEqualTo(ManagementStatisticsLevel.Extended);
            Poll.until(Duration.ofSeconds(60), () -> http.get("/observe/health/ready").status() == 200,
                    "readiness UP with Kafka and Elasticsearch reachable");
            assertThat(http.get("/observe/health/live").status()).isEqualTo(200);

            // readings flow: our counters, Camel's route statistics, JMX and Jolokia all move
            List<Sent> readings = KnownReadings.generate(600, 11);
            long anomalies = readings.stream().filter(Sent::isAnomaly).count();
            KafkaTestClient.send(topic, KnownReadings.records(topic, readings));
            Poll.until(Duration.ofSeconds(60), () -> app.counters().consumed() >= readings.size(),
                    "all readings consumed");
            Poll.until(Duration.ofSeconds(10), () -> http.metric("bp_readings_consumed_total") >= readings.size(),
                    "bp_readings_consumed_total at " + readings.size());
            assertThat(http.metric("bp_anomalies_indexed_total")).isEqualTo((double) anomalies);
            assertThat(http.metric("bp_dead_lettered_total")).isEqualTo(0.0);
            assertThat(http.metric("bp_readings_produced_total")).isEqualTo(0.0);
            assertThat(http.metric("bp_indexing_latency_seconds_count{outcome=\"success\"}")).isGreaterThan(0);
            assertThat(http.get("/observe/metrics").body())
                    .contains("bp_indexing_latency_seconds_bucket{outcome=\"success\"")
                    .contains("camel_exchanges_total")
                    .doesNotContain(FAKE_SECRET);
            assertThat(Anomalies.count(index)).isEqualTo(anomalies);

            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName detector = new ObjectName("org.apache.camel:context=bp-monitor,type=routes,name=\"detector\"");
            ObjectName counters = new ObjectName("io.bpmonitor:type=PipelineCounters,context=\"bp-monitor\"");
            assertThat((Long) jmx.getAttribute(detector, "ExchangesTotal")).isGreaterThan(0);
            assertThat((Long) jmx.getAttribute(counters, "ReadingsConsumed")).isEqualTo(readings.size());
            assertThat((Long) jmx.getAttribute(counters, "AnomaliesIndexed")).isEqualTo(anomalies);

            JsonNode routeTotal = jolokia(http, "{\"type\":\"read\",\"mbean\":\"" + json(detector) + "\",\"attribute\":\"ExchangesTotal\"}");
            assertThat(routeTotal.path("status").asInt()).isEqualTo(200);
            assertThat(routeTotal.path("value").asLong()).isEqualTo((Long) jmx.getAttribute(detector, "ExchangesTotal"));
            JsonNode consumed = jolokia(http, "{\"type\":\"read\",\"mbean\":\"" + json(counters) + "\",\"attribute\":\"ReadingsConsumed\"}");
            assertThat(consumed.path("value").asLong()).isEqualTo(readings.size());
            assertThat(jolokia(http, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}")
                    .path("status").asInt()).isEqualTo(200);
            // Hawtio's route diagram: a read-only dump the policy allows
            JsonNode dump = jolokia(http, "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=bp-monitor,type=context,name=\\\"bp-monitor\\\"\",\"operation\":\"dumpRoutesAsXml()\"}");
            assertThat(dump.path("status").asInt()).as(dump.toString()).isEqualTo(200);

            // the policy: no operations, no writes, no JVM command line
            JsonNode stop = jolokia(http, "{\"type\":\"exec\",\"mbean\":\"" + json(detector) + "\",\"operation\":\"stop()\"}");
            assertThat(stop.path("status").asInt()).as(stop.toString()).isEqualTo(403);
            JsonNode write = jolokia(http, "{\"type\":\"write\",\"mbean\":\"" + json(detector) + "\",\"attribute\":\"TracingEnabled\",\"value\":true}");
            assertThat(write.path("status").asInt()).as(write.toString()).isEqualTo(403);
            JsonNode args = jolokia(http, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"InputArguments\"}");
            assertThat(args.path("status").asInt()).as(args.toString()).isEqualTo(403);
            assertThat(app.context().getRouteController().getRouteStatus("detector").isStarted()).isTrue();

            // Elasticsearch down: readiness DOWN, naming the check, never a secret; liveness UP (the detector waits it
            // out, a restart would not help); both UP again after
            try {
                SharedStack.stopElasticsearch();
                Poll.until(Duration.ofSeconds(30), () -> http.get("/observe/health/ready").status() == 503,
                        "readiness DOWN with Elasticsearch stopped");
                EsHttp.Response ready = http.get("/observe/health/ready");
                assertThat(ready.body()).contains("elasticsearch").contains("DOWN");
                assertThat(http.get("/observe/health/live").status()).isEqualTo(200);
                EsHttp.Response full = http.get("/observe/health?exposureLevel=full&data=true&stackTrace=true");
                assertThat(full.body()).doesNotContain(FAKE_SECRET).doesNotContainIgnoringCase("password");
            } finally {
                SharedStack.startElasticsearch();
            }
            Poll.until(Duration.ofSeconds(60), () -> http.get("/observe/health/ready").status() == 200,
                    "readiness UP again after Elasticsearch restarted");
            assertThat(http.get("/observe/health/live").status()).isEqualTo(200);
            assertThat(http.get("/observe/health?exposureLevel=full&data=true").body()).doesNotContain(FAKE_SECRET);

            // Kafka down: the same, readiness DOWN naming kafka, liveness UP; both UP again after
            try {
                SharedStack.stopKafka();
                Poll.until(Duration.ofSeconds(30), () -> http.get("/observe/health/ready").status() == 503,
                        "readiness DOWN with Kafka stopped");
                assertThat(http.get("/observe/health/ready").body()).contains("kafka").contains("DOWN");
                assertThat(http.get("/observe/health/live").status()).isEqualTo(200);
            } finally {
                SharedStack.startKafka();
            }
            Poll.until(Duration.ofSeconds(60), () -> http.get("/observe/health/ready").status() == 200,
                    "readiness UP again after Kafka restarted");
            assertThat(http.get("/observe/health/live").status()).isEqualTo(200);
        }
    }

    private static JsonNode jolokia(ManagementHttp http, String request) throws Exception {
        EsHttp.Response response = http.post("/observe/jolokia/", request);
        return JSON.readTree(response.body());
    }

    private static String json(ObjectName name) {
        return name.getCanonicalName().replace("\"", "\\\"");
    }
}
