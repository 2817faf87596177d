package io.github.vedirect.source;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where the bytes of one VE.Direct device come from: a serial port, a TCP serial bridge, a recorded
 * capture or a simulated device. One reading thread uses a source at a time; {@link #close()} may be
 * called from another thread to unblock it.
 */
public interface ByteSource extends Closeable {

    /**
     * Opens the link. On failure the exception's message is one line a user can act on
     * ("no such port (is the cable plugged in?)"); the caller names the source, without a stack trace's worth of detail.
     */
    void open() throws IOException;

    /**
     * Waits up to about the source's read timeout for bytes and returns how many were read: 0 when none
     * came in time, -1 when the link has ended (EOF of a TCP bridge or a capture).
     *
     * @throws IOException when the link broke (cable unplugged, device gone)
     */
    int read(byte[] buffer) throws IOException;

    /**
     * Writes bytes to the device (HEX commands). Any thread may call it while another reads.
     *
     * @throws IOException when the link cannot send: a broken link, or a source that only plays bytes (a capture)
     */
    default void write(byte[] bytes) throws IOException {
        throw new IOException(description() + " cannot send commands: it is a recording, not a device");
    }

    /** Idempotent and quiet: closing a source that is already closed or broken does nothing. */
    @Override
    void close();

    /** For log lines: "/dev/ttyUSB0", "tcp:192.168.1.20:2000", "replay:bmv.bin", "simulator:bmv702". */
    String description();

    /** True when the end of the bytes means the link was lost and should be reopened; false for a capture that has been played to its end. */
    default boolean reopensAtEnd() {
        return true;
    }
}
