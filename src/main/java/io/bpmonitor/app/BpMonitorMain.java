package io.bpmonitor.app;

import io.bpmonitor.config.Causes;
import io.bpmonitor.config.Setting;
import io.bpmonitor.config.SettingDefaults;
import io.bpmonitor.signin.AddUser;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs bp-monitor against a given Kafka and Elasticsearch: {@code java -jar target/bp-monitor.jar}; with
 * {@code add-user NAME --role ROLE}, adds a user to the users file instead ({@link AddUser}).
 */
public final class BpMonitorMain {

    private static final Logger LOG = LoggerFactory.getLogger(BpMonitorMain.class);

    private BpMonitorMain() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && "add-user".equals(args[0])) {
            System.exit(AddUser.run(args, usersFile(), System.out));
        }
        System.exit(run(args));
    }

    /** Where BP_USERS_FILE points, as the application resolves it: a system property, else the environment or default. */
    private static String usersFile() {
        String property = Setting.BP_USERS_FILE.property();
        return System.getProperty(property, new SettingDefaults().getProperty(property));
    }

    /** @param listeners what runs around Camel (the run command's local stack); none in production */
    public static int run(String[] args, MainListener... listeners) {
        try {
            Main main = new Main();
            for (MainListener listener : listeners) {
                main.addMainListener(listener);
            }
            return main.run(args);
        } catch (Exception e) {
            LOG.error("bp-monitor could not start: {}", rootMessage(e));
            return 1;
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = Causes.root(error);
        return root == error ? String.valueOf(error.getMessage())
                : error.getMessage() + " <- " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
