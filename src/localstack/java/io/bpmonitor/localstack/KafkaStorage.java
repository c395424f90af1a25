package io.bpmonitor.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * Formats a KRaft log directory like {@code kafka-storage.sh format}. {@code StorageTool.execute} is
 * used rather than {@code main}, which exits the JVM; the Formatter class it wraps is only on Kafka's
 * runtime classpath. Skipped when already formatted, so restarts keep their data.
 */
final class KafkaStorage {

    private KafkaStorage() {
    }

    static void formatIfNeeded(Path logDir, Properties brokerConfig) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Files.createDirectories(logDir);
        // The tool reads its broker config from a file; keep it beside the logs, where it also helps debugging.
        Path configFile = logDir.resolveSibling("kafka-server.properties");
        try (Writer out = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            brokerConfig.store(out, "written by io.bpmonitor.localstack for storage formatting");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] {"format", "--config", configFile.toString(),
                    "--cluster-id", Uuid.randomUuid().toString(), "--ignore-formatted"}, print);
        }
        if (status != 0) {
            throw new IOException("kafka storage format of " + logDir + " failed (" + status + "): " + output.toString(StandardCharsets.UTF_8));
        }
    }
}
