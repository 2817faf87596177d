package io.github.vedirect.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A recorded byte stream played back, paced at a byte rate (the link's 1920 bytes/s by default) or as
 * fast as it can be read, once or in a loop. Reads the file as it goes, so months of capture cost no memory.
 */
public final class ReplaySource implements ByteSource {

    /** 19200 baud, 8N1: ten bits a byte. */
    public static final int LINK_BYTES_PER_SECOND = 1920;

    private final Path file;
    private final int bytesPerSecond;
    private final boolean loop;
    private final int readTimeoutMillis;
    private InputStream in;
    private long startNanos;
    private long sent;
    private volatile boolean closed = true;

    public ReplaySource(Path file, int bytesPerSecond, boolean loop, int readTimeoutMillis) {
        this.file = file;
        this.bytesPerSecond = bytesPerSecond;
        this.loop = loop;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    @Override
    public void open() throws IOException {
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new IOException("no such file");
        } catch (AccessDeniedException e) {
            throw new IOException("permission denied");
        } catch (IOException e) {
            throw new IOException(e.getMessage());
        }
        startNanos = System.nanoTime();
        sent = 0;
        closed = false;
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        if (closed) {
            throw new IOException("replay of " + file + " is closed");
        }
        int wanted = buffer.length;
        if (bytesPerSecond > 0) {
            long due = (System.nanoTime() - startNanos) * bytesPerSecond / 1_000_000_000L - sent;
            if (due <= 0) {
                long nanosToNext = (sent + 1) * 1_000_000_000L / bytesPerSecond - (System.nanoTime() - startNanos);
                sleepNanos(Math.min(nanosToNext, readTimeoutMillis * 1_000_000L));
                return 0;
            }
            wanted = (int) Math.min(wanted, due);
        }
        int n = in.read(buffer, 0, wanted);
        if (n < 0 && loop) {
            in.close();
            open();
            return 0;
        }
        if (n > 0) {
            sent += n;
        }
        return n;
    }

    private static void sleepNanos(long nanos) throws IOException {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public void close() {
        closed = true;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Nothing to lose on a read-only file.
            }
        }
    }

    @Override
    public String description() {
        return "replay:" + file;
    }

    @Override
    public boolean reopensAtEnd() {
        return false;
    }
}
