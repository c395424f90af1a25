package io.bpmonitor.app;

import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs bp-monitor: {@code java -jar target/bp-monitor.jar}, or {@code ./mvnw compile exec:java}. */
public final class BpMonitorMain {

    private static final Logger LOG = LoggerFactory.getLogger(BpMonitorMain.class);

    private BpMonitorMain() {
    }

    public static void main(String[] args) {
        int exitCode;
        try (LocalStackLauncher launcher = new LocalStackLauncher()) {
            Main main = new Main();
            main.addMainListener(launcher);
            exitCode = main.run(args);
        } catch (Exception e) {
            LOG.error("bp-monitor could not start: {}", rootMessage(e));
            exitCode = 1;
        }
        // the embedded broker's threads must not keep a failed JVM alive
        System.exit(exitCode);
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == error ? String.valueOf(error.getMessage())
                : error.getMessage() + " <- " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
