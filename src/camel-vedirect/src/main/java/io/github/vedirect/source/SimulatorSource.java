package io.github.vedirect.source;

import io.github.vedirect.simulator.SimulatedDevice;
import io.github.vedirect.simulator.Simulators;

import java.io.IOException;
import java.time.Instant;

/**
 * A built-in simulated device sending real VE.Direct bytes, one block period per {@code blockIntervalMillis}
 * of wall time (0: as fast as they are read). The device's own clock advances one second a block
 * period whatever the pacing, so a fast run simulates days of a battery in minutes.
 */
public final class SimulatorSource implements ByteSource {

    private final String model;
    private final long seed;
    private final long blockIntervalMillis;
    private final int readTimeoutMillis;
    private SimulatedDevice device;
    private Instant deviceStart;
    private long ticks;
    private long startNanos;
    private byte[] pending = new byte[0];
    private int pendingOffset;
    private volatile boolean closed = true;

    public SimulatorSource(String model, long seed, long blockIntervalMillis, int readTimeoutMillis) {
        this.model = model;
        this.seed = seed;
        this.blockIntervalMillis = blockIntervalMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    @Override
    public void open() throws IOException {
        try {
            device = Simulators.create(model, seed);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        deviceStart = Instant.now();
        startNanos = System.nanoTime();
        ticks = 0;
        pending = new byte[0];
        pendingOffset = 0;
        closed = false;
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        if (closed) {
            throw new IOException("simulator " + model + " is closed");
        }
        if (pendingOffset == pending.length) {
            long dueNanos = startNanos + ticks * blockIntervalMillis * 1_000_000L;
            long waitNanos = dueNanos - System.nanoTime();
            if (waitNanos > 0) {
                try {
                    Thread.sleep(Math.min(waitNanos / 1_000_000L + 1, readTimeoutMillis));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
                if (dueNanos - System.nanoTime() > 0) {
                    return 0;
                }
            }
            pending = device.nextTick(deviceStart.plusSeconds(ticks++));
            pendingOffset = 0;
        }
        int n = Math.min(buffer.length, pending.length - pendingOffset);
        System.arraycopy(pending, pendingOffset, buffer, 0, n);
        pendingOffset += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String description() {
        return "simulator:" + model;
    }
}
