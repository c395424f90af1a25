package io.bpmonitor.localstack;

/** A port the local stack needs is taken; the message names the port and the setting that changes it. */
public final class PortInUseException extends IllegalStateException {

    private final int port;

    PortInUseException(int port, String what, String setting, Throwable cause) {
        super(what + " port " + port + " on 127.0.0.1 is already in use (" + cause.getMessage()
                + "); stop whatever holds it or choose another port with " + setting, cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
