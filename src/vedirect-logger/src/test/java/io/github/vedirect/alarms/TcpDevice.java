package io.github.vedirect.alarms;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A VE.Direct device behind a TCP port (as ser2net or ESP-Link serve one) whose values the test sets: one text block
 * with a right checksum every 100 ms, made of the fields given, until told to go silent. The logger reads it with
 * {@code vedirect.port=tcp:127.0.0.1:PORT}.
 */
final class TcpDevice implements AutoCloseable {

    private final ServerSocket server;
    private final Thread sender;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean silent;
    private volatile boolean running = true;

    /** @param fields the first block's fields in wire order, PID first (the logger joins records by it) */
    TcpDevice(Map<String, String> fields) throws IOException {
        this.fields.putAll(fields);
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sender = new Thread(this::serve, "tcp-device");
        sender.setDaemon(true);
        sender.start();
    }

    String source() {
        return "tcp:127.0.0.1:" + server.getLocalPort();
    }

    /** Sets a field for the blocks from now on. */
    synchronized void set(String label, String value) {
        fields.put(label, value);
    }

    /** Sets fields together: no block carries some of them without the others. */
    synchronized void set(Map<String, String> labelsAndValues) {
        fields.putAll(labelsAndValues);
    }

    void silent(boolean silent) {
        this.silent = silent;
    }

    /** Blocks sent so far, over every connection. */
    long sent() {
        return sent.get();
    }

    private void serve() {
        while (running) {
            try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                while (running) {
                    if (!silent) {
                        out.write(block());
                        out.flush();
                        sent.incrementAndGet();
                    }
                    Thread.sleep(100);
                }
            } catch (IOException e) {
                // The logger closed the connection (a stop, a restart): take the next one.
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized byte[] block() {
        StringBuilder text = new StringBuilder();
        fields.forEach((label, value) -> text.append("\r\n").append(label).append('\t').append(value));
        text.append("\r\nChecksum\t");
        byte[] body = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        int sum = 0;
        for (byte b : body) {
            sum += b & 0xFF;
        }
        byte[] block = new byte[body.length + 1];
        System.arraycopy(body, 0, block, 0, body.length);
        block[body.length] = (byte) ((256 - sum % 256) % 256);
        return block;
    }

    @Override
    public void close() throws IOException {
        running = false;
        server.close();
        sender.interrupt();
    }
}
