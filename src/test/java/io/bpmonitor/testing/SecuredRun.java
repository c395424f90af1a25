package io.bpmonitor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One secured test class's run: its temp directory (certificates, the secured node's data) and everything it caused
 * to be written (Log4j lines in this JVM, output of the BpMonitorMain processes), so the class can check at the end
 * that no secret was ever written.
 */
public final class SecuredRun implements AutoCloseable {

    /** A failed start of BpMonitorMain: its one ERROR line and all it printed. */
    public record FailedStart(String error, String output) {
    }

    private final LogCapture logs;
    private final Path dir;
    private final StringBuilder childOutput = new StringBuilder();

    private SecuredRun(LogCapture logs, Path dir) {
        this.logs = logs;
        this.dir = dir;
    }

    public static SecuredRun open(String tempDirPrefix) throws IOException {
        LogCapture logs = LogCapture.open();
        return new SecuredRun(logs, Files.createTempDirectory(tempDirPrefix));
    }

    public Path dir() {
        return dir;
    }

    /** Runs BpMonitorMain with {@code env}, which must fail start-up with exit code 1 and exactly one ERROR line. */
    public FailedStart failedStart(Map<String, String> env) throws Exception {
        MainProcess.Result result = MainProcess.run(env, Duration.ofSeconds(120));
        childOutput.append(result.output());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        List<String> errors = result.lines().stream().filter(line -> line.contains(" ERROR ")).toList();
        assertThat(errors).as(result.output()).hasSize(1);
        return new FailedStart(errors.get(0), result.output());
    }

    /** None of {@code secrets} in any captured log line or process output. */
    public void assertNoneWritten(List<String> secrets) {
        String everything = logs.text() + childOutput;
        assertThat(everything).as("captured logs").isNotBlank();
        for (String secret : secrets) {
            assertThat(everything).doesNotContain(secret);
        }
    }

    /** Stops capturing and deletes the directory; close the service that uses it first. */
    @Override
    public void close() throws IOException {
        logs.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
