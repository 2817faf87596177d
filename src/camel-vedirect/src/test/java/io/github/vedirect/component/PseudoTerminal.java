package io.github.vedirect.component;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A pseudo-terminal pair opened by the test itself (posix_openpt through JNA, no socat): the test writes
 * device bytes to the master side, the code under test opens the slave path as a serial port. Closing
 * the master is what unplugging a USB cable looks like to the reader: its reads fail.
 */
public final class PseudoTerminal implements Closeable {

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int posix_openpt(int flags);

        int grantpt(int fd);

        int unlockpt(int fd);

        String ptsname(int fd);

        NativeLong write(int fd, byte[] buffer, NativeLong count);

        int close(int fd);

        int tcgetattr(int fd, Pointer termios);

        int tcsetattr(int fd, int when, Pointer termios);

        void cfmakeraw(Pointer termios);

        int poll(Pointer fds, int nfds, int timeout);

        NativeLong read(int fd, byte[] buffer, NativeLong count);
    }

    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0x100;
    private static final int TCSANOW = 0;

    private final int master;
    private final Path slave;
    private volatile boolean closed;

    private PseudoTerminal(int master, Path slave) {
        this.master = master;
        this.slave = slave;
    }

    public static PseudoTerminal open() throws IOException {
        LibC libc = LibC.INSTANCE;
        int fd = libc.posix_openpt(O_RDWR | O_NOCTTY);
        if (fd < 0 || libc.grantpt(fd) != 0 || libc.unlockpt(fd) != 0) {
            throw new IOException("cannot open a pseudo-terminal: errno " + Native.getLastError());
        }
        // Raw, no echo: a CR must reach the reader as a CR, as on a real serial line.
        Memory termios = new Memory(256);
        if (libc.tcgetattr(fd, termios) != 0) {
            throw new IOException("tcgetattr failed: errno " + Native.getLastError());
        }
        libc.cfmakeraw(termios);
        libc.tcsetattr(fd, TCSANOW, termios);
        return new PseudoTerminal(fd, Path.of(libc.ptsname(fd)));
    }

    /** The device path a reader opens, e.g. /dev/pts/5. */
    public Path slave() {
        return slave;
    }

    /** Points {@code link} at this terminal, replacing what it pointed at in one step, as udev does for by-id links. */
    public Path linkAs(Path link) throws IOException {
        Path fresh = link.resolveSibling(link.getFileName() + ".new");
        Files.deleteIfExists(fresh);
        Files.createSymbolicLink(fresh, slave);
        Files.move(fresh, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return link;
    }

    public void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    public void write(byte[] bytes, int offset, int length) throws IOException {
        byte[] chunk = offset == 0 && length == bytes.length ? bytes : java.util.Arrays.copyOfRange(bytes, offset, offset + length);
        int done = 0;
        while (done < chunk.length) {
            if (closed) {
                throw new IOException("pseudo-terminal closed");
            }
            byte[] rest = done == 0 ? chunk : java.util.Arrays.copyOfRange(chunk, done, chunk.length);
            long n = LibC.INSTANCE.write(master, rest, new NativeLong(rest.length)).longValue();
            if (n < 0) {
                throw new IOException("write to pseudo-terminal failed: errno " + Native.getLastError());
            }
            done += (int) n;
        }
    }

    /** Writes at the link's rate, 1920 bytes a second, in 10 ms slices, as a device does. */
    public void writeAtLinkRate(byte[] bytes) throws IOException, InterruptedException {
        int slice = 19;
        long start = System.nanoTime();
        for (int offset = 0; offset < bytes.length; offset += slice) {
            write(bytes, offset, Math.min(slice, bytes.length - offset));
            long due = start + (offset + slice) * 1_000_000_000L / 1920;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    /**
     * What the code under test wrote to the port (a host's commands): waits up to {@code timeoutMillis}
     * for bytes, returns how many were read, 0 when none came, -1 once the terminal is closed.
     */
    public int read(byte[] buffer, int timeoutMillis) throws IOException {
        if (closed) {
            return -1;
        }
        // struct pollfd { int fd; short events; short revents; } with POLLIN = 1
        Memory fds = new Memory(8);
        fds.setInt(0, master);
        fds.setShort(4, (short) 1);
        fds.setShort(6, (short) 0);
        int ready = LibC.INSTANCE.poll(fds, 1, timeoutMillis);
        if (ready <= 0 || closed) {
            return closed ? -1 : 0;
        }
        long n = LibC.INSTANCE.read(master, buffer, new NativeLong(buffer.length)).longValue();
        if (n < 0) {
            // EIO while no one has the slave open (poll says so at once): nothing written; wait as asked.
            try {
                Thread.sleep(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            return 0;
        }
        return (int) n;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.close(master);
        }
    }
}
