package io.github.vedirect.source;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A serial port through jSerialComm: 19200 8N1 by default, no flow control, DTR and RTS raised because
 * Victron's isolated RS232 cable takes its power from them. The port is looked up again at every
 * {@link #open()}, so a {@code /dev/serial/by-id/...} link that now points at another ttyUSB after a
 * replug is followed.
 */
public final class SerialPortSource implements ByteSource {

    // errno values jSerialComm reports from open(2) on Linux and macOS.
    private static final int ENOENT = 2;
    /** What jSerialComm's flock reports when another process holds the port (a running logger). */
    private static final int EAGAIN = 11;
    private static final int EACCES = 13;
    private static final int EBUSY = 16;

    private static final String NO_SUCH_PORT = "no such port (is the cable plugged in?)";

    private static final AtomicBoolean SHUTDOWN_HOOK_ADDED = new AtomicBoolean();
    /**
     * Set by a hook jSerialComm runs in its own JVM shutdown hook just before it closes every port, so a read that
     * fails after it is known for what it is (see {@link ClosedAtShutdownException}).
     */
    private static volatile boolean jvmStopping;

    private final String path;
    private final int baudRate;
    private final int readTimeoutMillis;
    private volatile SerialPort port;

    public SerialPortSource(String path, int baudRate, int readTimeoutMillis) {
        this.path = path;
        this.baudRate = baudRate;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    @Override
    public void open() throws IOException {
        if (SHUTDOWN_HOOK_ADDED.compareAndSet(false, true)) {
            SerialPort.addShutdownHook(new Thread(() -> jvmStopping = true, "vedirect-serial-shutdown"));
        }
        if (path.startsWith("/") && !Files.exists(Path.of(path))) {
            throw new IOException(NO_SUCH_PORT);
        }
        SerialPort candidate;
        try {
            candidate = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException(NO_SUCH_PORT);
        }
        candidate.setComPortParameters(baudRate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        candidate.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        candidate.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, readTimeoutMillis, 0);
        if (!candidate.openPort()) {
            throw new IOException(openFailure(candidate.getLastErrorCode()));
        }
        candidate.setDTR();
        candidate.setRTS();
        port = candidate;
    }

    /** The one-line cause of a failed open, from the errno jSerialComm reports. */
    public String openFailure(int errno) {
        return switch (errno) {
            case ENOENT -> NO_SUCH_PORT;
            case EACCES -> "permission denied (add the user to the dialout group)";
            case EBUSY, EAGAIN -> "in use by another program";
            default -> "error " + errno;
        };
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        SerialPort current = port;
        if (current == null) {
            throw new IOException("the port is closed");
        }
        int n = current.readBytes(buffer, buffer.length);
        if (n < 0) {
            if (jvmStopping) {
                throw new ClosedAtShutdownException(path + " was closed as the JVM stops");
            }
            throw new IOException("the port stopped answering (unplugged?)");
        }
        return n;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        SerialPort current = port;
        if (current == null) {
            throw new IOException("the port is closed");
        }
        // A blocking write (write timeout 0): a HEX command is a few bytes, a 19200-baud UART takes them at once.
        if (current.writeBytes(bytes, bytes.length) != bytes.length) {
            throw new IOException("the port stopped accepting bytes (unplugged?)");
        }
    }

    @Override
    public void close() {
        SerialPort current = port;
        port = null;
        if (current != null) {
            current.closePort();
        }
    }

    @Override
    public String description() {
        return path;
    }
}
