package io.bpmonitor.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * bp-monitor run as an operator runs it: {@code java -jar target/bp-monitor.jar} with settings from environment
 * variables, so a test sees exactly the lines a failed start prints and its exit code.
 */
public final class MainProcess {

    public record Result(int exitCode, String output) {
        public List<String> lines() {
            return output.lines().toList();
        }
    }

    private MainProcess() {
    }

    public static Result run(Map<String, String> environment, Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile("bp-monitor-main-", ".log");
        try {
            // the logging an operator gets (the jar's log4j2.xml), not the tests' log4j2-test.xml
            List<String> command = PackagedJar.command(List.of("-Xmx512m", "-Dlog4j2.configurationFile=log4j2.xml"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            // only the settings given here: nothing inherited from the developer's or CI's environment
            builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("ELASTICSEARCH_")
                    || (name.startsWith("BP_") && !name.startsWith("BP_LOCAL_")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("bp-monitor did not exit within " + timeout.toSeconds() + " s; output:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
