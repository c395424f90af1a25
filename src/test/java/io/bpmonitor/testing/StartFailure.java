package io.bpmonitor.testing;

import static io.bpmonitor.config.Setting.BP_BOARD_PORT;
import static io.bpmonitor.config.Setting.BP_MANAGEMENT_PORT;

import java.util.Map;

import io.bpmonitor.localstack.FreePorts;
import io.bpmonitor.localstack.LocalStackLauncher;
import org.apache.camel.main.Main;

/** Starts bp-monitor in the test JVM expecting start-up to fail, and always stops what did start. */
public final class StartFailure {

    private StartFailure() {
    }

    /** The error start-up failed with; an AssertionError when it started. */
    public static Throwable of(Map<String, String> settings) {
        Main main = new Main();
        settings.forEach(main::addOverrideProperty);
        main.addMainListener(new LocalStackLauncher());
        try {
            main.start();
        } catch (Throwable error) {
            return error;
        } finally {
            main.stop();
        }
        throw new AssertionError("bp-monitor started, but start-up should have failed");
    }

    /** Every message in the cause chain, one per line. */
    public static String messages(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return text.toString();
    }

    /** The message of the first exception of {@code type} in the chain. */
    public static String messageOf(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t.getMessage();
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in:\n" + messages(error));
    }

    /** Settings an operator would give as environment variables, for {@link MainProcess}. */
    public static Map<String, String> freePorts() {
        return Map.of(BP_MANAGEMENT_PORT.name(), String.valueOf(FreePorts.next()),
                BP_BOARD_PORT.name(), String.valueOf(FreePorts.next()));
    }
}
