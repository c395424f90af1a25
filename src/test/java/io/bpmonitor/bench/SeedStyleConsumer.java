package io.bpmonitor.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The seed's consumer on the same stack, for the benchmark's ratio: Python, kafka-python with auto-commit, one
 * synchronous index request per anomaly ({@code bench/seed_consumer.py}). Needs Debian's {@code python3-kafka} and
 * {@code python3-lz4} for {@code /usr/bin/python3}.
 */
final class SeedStyleConsumer implements AutoCloseable {

    private final Process process;

    private SeedStyleConsumer(Process process) {
        this.process = process;
    }

    static SeedStyleConsumer start(String brokers, String topic, String group, String elasticsearch, String index,
                                   int readings, Path workDir) throws IOException {
        Path script = workDir.resolve("seed_consumer.py");
        try (InputStream source = SeedStyleConsumer.class.getResourceAsStream("/bench/seed_consumer.py")) {
            Files.copy(source, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder builder = new ProcessBuilder(List.of("/usr/bin/python3", script.toString(), brokers, topic, group,
                elasticsearch, index, "140", "90", String.valueOf(readings)))
                .redirectErrorStream(true).redirectOutput(workDir.resolve("seed-consumer.log").toFile());
        return new SeedStyleConsumer(builder.start());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
