package io.bpmonitor.board;

import java.util.Optional;

import io.bpmonitor.app.Setting;
import io.bpmonitor.app.Settings;
import io.bpmonitor.app.Settings.Role;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The board's settings: {@code BP_BOARD_HOST} ({@code bp.board.host}) and {@code BP_BOARD_PORT}
 * ({@code bp.board.port}), which {@code application.properties} hands to {@code camel.server.host/port}.
 *
 * <p>The board runs in every instance that can reach Elasticsearch: one with the detector role (on the local stack or
 * not), or one given {@code ELASTICSEARCH_URL}. A simulator-only instance without {@code ELASTICSEARCH_URL} has no data
 * to show, so it serves no board and opens no port.
 */
public final class BoardSettings {

    static final String HOST = "bp.board.host";
    static final String PORT = "bp.board.port";

    private final PropertiesComponent properties;

    public BoardSettings(PropertiesComponent properties) {
        this.properties = properties;
    }

    public boolean enabled() {
        Settings settings = new Settings(properties);
        return settings.routes().contains(Role.DETECTOR) || settings.optional(Setting.ELASTICSEARCH_URL).isPresent();
    }

    public String host() {
        String host = text(HOST).orElse("127.0.0.1");
        if (!host.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
            throw new IllegalArgumentException("Invalid setting BP_BOARD_HOST (" + HOST
                    + "): expected a host name or IP address, got '" + host + "'");
        }
        return host;
    }

    public int port() {
        String value = text(PORT).orElse("8080");
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Invalid setting BP_BOARD_PORT (" + PORT
                + "): expected an integer from 1 to 65535, got '" + value + "'");
    }

    /**
     * Where a person opens the board. A wildcard bind address is shown as the loopback address, which reaches it
     * from the same machine.
     */
    public String address() {
        String host = host();
        String shown = switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return "http://" + shown + ":" + port() + "/";
    }

    private Optional<String> text(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(value -> !value.isEmpty());
    }
}
