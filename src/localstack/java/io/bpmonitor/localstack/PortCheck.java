package io.bpmonitor.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port checks, so a busy port fails fast with a clear message instead of a hang or a buried bind error. */
public final class PortCheck {

    private PortCheck() {
    }

    /** Throws {@link PortInUseException} naming the port and the setting when 127.0.0.1:port cannot be bound. */
    public static void requireFree(int port, String what, String setting) {
        try (ServerSocket socket = new ServerSocket()) {
            // Same SO_REUSEADDR the servers use, so a port in TIME_WAIT after our own restart counts as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new PortInUseException(port, what, setting, e);
        }
    }

    /** A port that was free a moment ago; {@code requested} is returned unchanged unless it is 0. */
    public static int freeIfZero(int requested) {
        if (requested != 0) {
            return requested;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }
}
