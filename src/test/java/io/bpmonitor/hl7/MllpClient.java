package io.bpmonitor.hl7;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.llp.MinLLPReader;
import ca.uhn.hl7v2.llp.MinLLPWriter;

/**
 * A monitor's side of one MLLP connection, with HAPI v2's MLLP reader and writer (its framing, not ours): send a
 * message, wait for its answer. Each instance is one connection, as each bedside monitor holds its own.
 */
public final class MllpClient implements AutoCloseable {

    private final Socket socket;
    private final MinLLPWriter writer;
    private final MinLLPReader reader;

    private MllpClient(Socket socket) throws IOException {
        this.socket = socket;
        // buffered: HAPI's reader takes a byte at a time, a system call each on a bare socket stream
        this.writer = new MinLLPWriter(new BufferedOutputStream(socket.getOutputStream()), StandardCharsets.UTF_8);
        this.reader = new MinLLPReader(new BufferedInputStream(socket.getInputStream()), StandardCharsets.UTF_8);
    }

    /** A connection to the listener on 127.0.0.1 from {@code localAddress} (another loopback address is another peer). */
    public static MllpClient connect(int port, String localAddress) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            socket.setTcpNoDelay(true);
            return new MllpClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MllpClient connect(int port) {
        return connect(port, "127.0.0.1");
    }

    /** A connection over TLS (its handshake done, or failed with an exception) to the listener on 127.0.0.1. */
    public static MllpClient connect(int port, SSLContext tls) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return new MllpClient(socket);
    }

    /** Sends one message ({@code \r} between segments) and returns the answer, or null when the listener hung up. */
    public String send(String message) {
        try {
            writer.writeMessage(message);
            return reader.getMessage();
        } catch (IOException | LLPException e) {
            throw new IllegalStateException("MLLP exchange failed: " + e.getMessage(), e);
        }
    }

    /** Writes {@code bytes} raw, as a monitor that dies mid-message leaves them. */
    public void writeRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Whether the listener closed the connection: a read that ends, or a reset. */
    public boolean closedByListener() {
        try {
            return socket.getInputStream().read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
