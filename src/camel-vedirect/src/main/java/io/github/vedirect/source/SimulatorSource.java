package io.github.vedirect.source;

import io.github.vedirect.simulator.SimulatedDevice;
import io.github.vedirect.simulator.SimulatedWire;
import io.github.vedirect.simulator.Simulators;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * A built-in simulated device sending real VE.Direct bytes, one block period per {@code blockIntervalMillis}
 * of wall time (0: as fast as they are read). The device's own clock advances one second a block
 * period whatever the pacing, so a fast run simulates days of a battery in minutes.
 *
 * <p>It answers HEX commands written to it (models with a HEX side: {@code mppt}, {@code bmv712})
 * through a {@link SimulatedWire}, which puts the answers in the byte stream where the real device
 * would; the reader and a writer may be different threads, so the wire is used under its own lock.
 */
public final class SimulatorSource implements ByteSource {

    private final String model;
    private final long seed;
    private final long blockIntervalMillis;
    private final int readTimeoutMillis;
    private final Duration dayLength;
    private SimulatedWire wire;
    private long ticks;
    private long startNanos;
    private volatile boolean closed = true;

    public SimulatorSource(String model, long seed, long blockIntervalMillis, int readTimeoutMillis) {
        this(model, seed, blockIntervalMillis, readTimeoutMillis, null);
    }

    /** @param dayLength the simulated device's day in device time (see SimulatedDevice#dayLength); null: local days */
    public SimulatorSource(String model, long seed, long blockIntervalMillis, int readTimeoutMillis, Duration dayLength) {
        this.dayLength = dayLength;
        this.model = model;
        this.seed = seed;
        this.blockIntervalMillis = blockIntervalMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    @Override
    public void open() throws IOException {
        try {
            SimulatedDevice device = Simulators.create(model, seed);
            if (dayLength != null) {
                device.dayLength(dayLength);
            }
            wire = new SimulatedWire(device, Instant.now());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        startNanos = System.nanoTime();
        ticks = 0;
        closed = false;
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        if (closed) {
            throw new IOException("simulator " + model + " is closed");
        }
        SimulatedWire current = wire;
        synchronized (current) {
            if (current.available() > 0) {
                // The rest of the tick, or an answer spliced in after it: no pacing for those.
                return copy(current.read(buffer.length), buffer);
            }
        }
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
        synchronized (current) {
            if (current.available() == 0) {
                ticks++;
            }
            return copy(current.read(buffer.length), buffer);
        }
    }

    private static int copy(byte[] bytes, byte[] buffer) {
        System.arraycopy(bytes, 0, buffer, 0, bytes.length);
        return bytes.length;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        SimulatedWire current = wire;
        if (closed || current == null) {
            throw new IOException("simulator " + model + " is closed");
        }
        synchronized (current) {
            current.write(bytes);
        }
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
