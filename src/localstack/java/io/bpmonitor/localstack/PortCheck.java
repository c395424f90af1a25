package io.bpmonitor.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port checks, so a busy port fails fast with a clear message instead of a hang or a buried bind error. */
public final class PortCheck {

    private PortCheck() {
    }

    /** Throws {@link PortInUseException} naming the port and the setting when 127.0.0.1:port cannot be bound. */
    public static void requireFree(int port, String what, String setting) {
        try {
            bindAndRelease(port);
        } catch (IOException e) {
            throw new PortInUseException(port, what, setting, e);
        }
    }

    /** Whether 127.0.0.1:port can be bound right now. */
    static boolean isFree(int port) {
        try {
            bindAndRelease(port);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code requested} unchanged unless it is 0, which means a port from {@link FreePorts}. */
    public static int freeIfZero(int requested) {
        return requested != 0 ? requested : FreePorts.next();
    }

    private static void bindAndRelease(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            // Same SO_REUSEADDR the servers use, so a port in TIME_WAIT after our own restart counts as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }
}
