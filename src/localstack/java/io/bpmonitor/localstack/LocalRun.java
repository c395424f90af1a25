package io.bpmonitor.localstack;

import io.bpmonitor.app.BpMonitorMain;

/**
 * The run command's main ({@code ./mvnw -q test-compile exec:java}): bp-monitor on the embedded local stack. A local
 * Kafka and/or Elasticsearch is started for each of {@code KAFKA_BROKERS} and {@code ELASTICSEARCH_URL} left unset.
 */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) {
        try (LocalStackLauncher launcher = new LocalStackLauncher()) {
            int exitCode = BpMonitorMain.run(args, launcher);
            // the embedded broker's threads must not keep a finished JVM alive
            System.exit(exitCode);
        }
    }
}
