package io.bpmonitor.board;

import static io.bpmonitor.config.Setting.BP_BOARD_PORT;

import java.util.Map;

import io.bpmonitor.localstack.FreePorts;
import io.bpmonitor.testing.RunningApp;

/** Settings for the apps the board tests start, one at a time. */
final class BoardApps {

    private BoardApps() {
    }

    /**
     * {@link RunningApp#isolatedSettings()} with the board on a free port of its own. Start one app at a time:
     * camel-cli-connector keeps one lock file per JVM (~/.camel/&lt;pid&gt;), so when one of two apps in this JVM stops
     * and deletes it, the connector of the other one stops that app too.
     */
    static Map<String, String> isolatedSettings() {
        Map<String, String> settings = RunningApp.isolatedSettings();
        settings.put(BP_BOARD_PORT.property(), String.valueOf(FreePorts.next()));

        return settings;
    }

    static int boardPort(Map<String, String> settings) {
        return Integer.parseInt(settings.get(BP_BOARD_PORT.property()));
    }
}
