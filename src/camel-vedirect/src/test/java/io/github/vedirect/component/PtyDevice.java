package io.github.vedirect.component;

import io.github.vedirect.simulator.HexResponder;
import io.github.vedirect.simulator.SimulatedWire;
import io.github.vedirect.simulator.Simulators;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated device behind a pseudo-terminal, for tests that drive the real serial code: one thread
 * sends the device's ticks to the port at the link's rate, another reads what the host writes and
 * hands it to the device's HEX side ({@link SimulatedWire#write}), whose answers then go out at the
 * point the wire spliced them in. The device clock advances one second a tick whatever
 * {@code tickMillis} is.
 *
 * <p>{@link #answerLate(boolean)} models older firmware that is slow to take a command: the host's
 * bytes reach the device only once it is some way into its next text block, so (with
 * {@link HexResponder#repliesMidBlock(boolean)}) the answer lands in the middle of that block.
 */
public final class PtyDevice implements AutoCloseable {

    private static final int SLICE = 19;

    private final PseudoTerminal pty;
    private final SimulatedWire wire;
    private final long tickMillis;
    private final Thread sender;
    private final Thread receiver;
    private final AtomicInteger framesReceived = new AtomicInteger();
    private final ByteArrayOutputStream late = new ByteArrayOutputStream();
    private volatile boolean running = true;
    private volatile boolean answerLate;
    private volatile boolean mute;
    private int bytesIntoTick;

    public PtyDevice(String model, long tickMillis) throws IOException {
        this.pty = PseudoTerminal.open();
        this.wire = new SimulatedWire(Simulators.create(model, 7, ZoneId.of("UTC")), Instant.parse("2025-06-21T08:00:00Z"));
        this.tickMillis = tickMillis;
        this.sender = new Thread(this::send, "pty device " + model);
        this.receiver = new Thread(this::receive, "pty device host side " + model);
        sender.setDaemon(true);
        receiver.setDaemon(true);
        sender.start();
        receiver.start();
    }

    public Path port() {
        return pty.slave();
    }

    public HexResponder hex() {
        return wire.device().hex();
    }

    /** HEX frames (LF-terminated lines) the device received from the host. */
    public int framesReceived() {
        return framesReceived.get();
    }

    public void answerLate(boolean late) {
        this.answerLate = late;
    }

    /** A device that takes the host's bytes and never answers (as one with HEX switched off). */
    public void mute(boolean mute) {
        this.mute = mute;
    }

    private void send() {
        long start = System.nanoTime();
        long ticks = 0;
        try {
            while (running) {
                byte[] chunk = null;
                synchronized (wire) {
                    if (wire.available() > 0) {
                        chunk = wire.read(SLICE);
                        bytesIntoTick += chunk.length;
                    } else if (System.nanoTime() >= start + ticks * tickMillis * 1_000_000L) {
                        ticks++;
                        bytesIntoTick = 0;
                        chunk = wire.read(SLICE);
                        bytesIntoTick = chunk.length;
                    }
                    if (answerLate && late.size() > 0 && bytesIntoTick >= 40 && wire.available() > 40) {
                        wire.write(late.toByteArray());
                        late.reset();
                    }
                }
                if (chunk != null && chunk.length > 0) {
                    pty.write(chunk);
                    Thread.sleep(10);
                } else {
                    Thread.sleep(2);
                }
            }
        } catch (IOException | InterruptedException e) {
            // The test closed the device.
        }
    }

    private void receive() {
        byte[] buffer = new byte[256];
        try {
            while (running) {
                int n = pty.read(buffer, 50);
                if (n < 0) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        framesReceived.incrementAndGet();
                    }
                }
                if (n == 0 || mute) {
                    continue;
                }
                synchronized (wire) {
                    if (answerLate) {
                        late.write(buffer, 0, n);
                    } else {
                        wire.write(java.util.Arrays.copyOf(buffer, n));
                    }
                }
            }
        } catch (IOException e) {
            // The test closed the device.
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        pty.close();
        sender.join(2000);
        receiver.join(2000);
    }
}
