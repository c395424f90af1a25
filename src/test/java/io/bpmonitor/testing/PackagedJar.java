package io.bpmonitor.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that runs the production artifact, {@code java -jar target/bp-monitor.jar}: the process-level tests run
 * what ships (the jar without the local stack and with the trimmed dependencies), not the test classpath.
 */
public final class PackagedJar {

    public static final Path JAR = Path.of("target", "bp-monitor.jar");

    private PackagedJar() {
    }

    public static List<String> command(List<String> jvmOptions) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the integration tests run after `./mvnw package`");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        return command;
    }
}
