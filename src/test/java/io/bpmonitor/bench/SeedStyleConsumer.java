package io.bpmonitor.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The seed's consumer design on the same stack, for the benchmark's ratio: kcat consuming with its group's auto-commit
 * into a Python loop that indexes each anomaly with its own request ({@code bench/seed_consumer.py}).
 */
final class SeedStyleConsumer implements AutoCloseable {

    private final Process process;

    private SeedStyleConsumer(Process process) {
        this.process = process;
    }

    static SeedStyleConsumer start(String brokers, String topic, String group, String elasticsearch, String index,
                                   Path workDir) throws IOException {
        Path script = workDir.resolve("seed_consumer.py");
        try (InputStream source = SeedStyleConsumer.class.getResourceAsStream("/bench/seed_consumer.py")) {
            Files.copy(source, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String pipeline = "kcat -q -u -b " + brokers + " -G " + group + " -X topic.auto.offset.reset=earliest -f '%s\\n' " + topic
                + " | python3 " + script + " " + elasticsearch + " " + index + " 140 90";
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", "-c", pipeline))
                .redirectErrorStream(true).redirectOutput(workDir.resolve("seed-consumer.log").toFile());
        return new SeedStyleConsumer(builder.start());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}
