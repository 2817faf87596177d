package io.github.vedirect.e2e;

import io.github.vedirect.component.PseudoTerminal;
import io.github.vedirect.protocol.VeDirectBlock;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A SmartSolar-MPPT-like device on a pseudo-terminal behind a /dev/serial/by-id style link: one single-block
 * record per period, numbered in {@link #SEQUENCE_LABEL}, written at the link's 1920 bytes/s. Every number
 * is remembered with the instant its last byte was written, so a test can tell how old a record the logger
 * passes on is, and whether it is the newest one.
 *
 * <p>Faults, each happening on the sending thread at the point a real one would: unplug in the middle of a
 * block and replug (a new terminal behind the same link), a burst of garbage between two blocks, silence
 * with the port open, and blocks whose checksum is wrong.
 */
public final class SequencedDevice implements AutoCloseable {

    /**
     * The label carrying the sequence number. CE is a battery monitor's label, but the logger carries every
     * label it gets (the Domoticz record, a CSV column may name it), and the shipped Lua parser maps it.
     */
    public static final String SEQUENCE_LABEL = "CE";

    /** What the device sends each period. */
    public enum Mode { NORMAL, SILENT, CORRUPT }

    private final Path link;
    private final long periodNanos;
    private final Random random;
    private final Thread sender;
    private final AtomicLong nextSequence = new AtomicLong(1);
    private final NavigableMap<Long, Instant> completed = new ConcurrentSkipListMap<>();
    private final NavigableMap<Instant, Long> completedByTime = new ConcurrentSkipListMap<>();
    private final Set<Long> cut = ConcurrentHashMap.newKeySet();
    private final Set<Long> corrupt = ConcurrentHashMap.newKeySet();
    private final Set<Long> failed = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Runnable> beforeNextBlock = new ConcurrentLinkedQueue<>();
    private volatile PseudoTerminal pty;
    private volatile Mode mode = Mode.NORMAL;
    private volatile CompletableFuture<Long> unplugRequest;
    private volatile boolean running = true;
    private volatile long firstDueNanos;

    private SequencedDevice(Path link, Duration period, Random random, long firstDueNanos) throws IOException {
        this.link = link;
        this.periodNanos = period.toNanos();
        this.random = random;
        this.firstDueNanos = firstDueNanos;
        this.pty = PseudoTerminal.open();
        pty.linkAs(link);
        this.sender = new Thread(this::sendForever, "sequenced-device");
        sender.setDaemon(true);
    }

    /** Plugs the device in at {@code link} and starts talking at once, one block per {@code period}. */
    public static SequencedDevice start(Path link, Duration period, Random random) throws IOException {
        SequencedDevice device = new SequencedDevice(link, period, random, System.nanoTime());
        device.sender.start();
        return device;
    }

    /**
     * As {@link #start}, with each block started {@code offset} after a whole second of the wall clock. The
     * logger's interval gate cuts time at whole seconds: a device whose blocks end near such a cut may see
     * two records in one interval and none in the next, which is right but makes counts fuzzy; away from
     * the cut, one block per second is exactly one CSV line per second.
     */
    public static SequencedDevice startAligned(Path link, Duration period, Duration offset, Random random) throws IOException {
        long nowMillis = System.currentTimeMillis();
        long targetMillis = (nowMillis / 1000 + 1) * 1000 + offset.toMillis();
        long firstDue = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(targetMillis - nowMillis);
        SequencedDevice device = new SequencedDevice(link, period, random, firstDue);
        device.sender.start();
        return device;
    }

    public Path link() {
        return link;
    }

    public Duration period() {
        return Duration.ofNanos(periodNanos);
    }

    /** The block numbered {@code sequence}, with values that move a little, as a charger's do. */
    public static VeDirectBlock block(long sequence) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("PID", "0xA053");
        fields.put("FW", "159");
        fields.put("SER#", "HQ2021ABCDE");
        fields.put("V", Long.toString(13_200 + sequence % 50));
        fields.put("I", Long.toString(4_000 + sequence % 200));
        fields.put("VPV", Long.toString(18_500 + sequence % 300));
        fields.put("PPV", Long.toString(60 + sequence % 20));
        fields.put("CS", "3");
        fields.put("MPPT", "2");
        fields.put("ERR", "0");
        fields.put("LOAD", "ON");
        fields.put(SEQUENCE_LABEL, Long.toString(sequence));
        fields.put("H19", "1234");
        fields.put("H20", "12");
        fields.put("H21", "120");
        fields.put("H22", "15");
        fields.put("H23", "130");
        fields.put("HSDS", "42");
        return VeDirectBlock.of(fields);
    }

    private void sendForever() {
        long due = firstDueNanos;
        while (running) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            due += periodNanos;
            Runnable action;
            while ((action = beforeNextBlock.poll()) != null) {
                action.run();
            }
            PseudoTerminal terminal = pty;
            if (terminal == null || mode == Mode.SILENT) {
                continue;
            }
            long sequence = nextSequence.getAndIncrement();
            byte[] bytes = block(sequence).toBytes();
            boolean bad = mode == Mode.CORRUPT;
            if (bad) {
                // The checksum byte off by one: every byte printable and in place, only the sum is wrong.
                bytes[bytes.length - 1]++;
                corrupt.add(sequence);
            }
            CompletableFuture<Long> unplug = unplugRequest;
            try {
                if (unplug != null) {
                    unplugRequest = null;
                    int keep = 1 + random.nextInt(bytes.length - 1);
                    writeAtLinkRate(terminal, java.util.Arrays.copyOf(bytes, keep));
                    pty = null;
                    terminal.close();
                    cut.add(sequence);
                    unplug.complete(sequence);
                    continue;
                }
                writeAtLinkRate(terminal, bytes);
                if (!bad) {
                    Instant lastByte = Instant.now();
                    completed.put(sequence, lastByte);
                    completedByTime.put(lastByte, sequence);
                }
            } catch (IOException e) {
                // A device does not care whether anyone listens; the block is simply not delivered.
                failed.add(sequence);
                if (unplug != null) {
                    unplug.completeExceptionally(e);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * 19200 baud, 10 bits a byte: each slice is written when its last byte would have left a real device,
     * so the instant after the last write is the instant the block ended (PseudoTerminal's own pacing
     * sleeps after each slice, which would date the end of a block up to a slice late).
     */
    static void writeAtLinkRate(PseudoTerminal terminal, byte[] bytes) throws IOException, InterruptedException {
        int slice = 19;
        long start = System.nanoTime();
        for (int offset = 0; offset < bytes.length; offset += slice) {
            int length = Math.min(slice, bytes.length - offset);
            long due = start + (offset + length) * 1_000_000_000L / 1920;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            terminal.write(bytes, offset, length);
        }
    }

    /**
     * Unplugs the cable at a random byte of the next block (its number is counted as cut, never as sent);
     * returns once it is out, with that number.
     */
    public long unplugMidBlock(Duration timeout) throws Exception {
        CompletableFuture<Long> request = new CompletableFuture<>();
        unplugRequest = request;
        return request.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Plugs a cable in again: a new terminal behind the same link, as udev re-points by-id. */
    public Instant replug() throws IOException {
        if (pty != null) {
            throw new IllegalStateException("still plugged in");
        }
        PseudoTerminal terminal = PseudoTerminal.open();
        terminal.linkAs(link);
        Instant at = Instant.now();
        pty = terminal;
        return at;
    }

    /** Random bytes, any value, between the block just sent and the next one. */
    public void garbageBurst(int length) {
        byte[] garbage = new byte[length];
        random.nextBytes(garbage);
        beforeNextBlock.add(() -> {
            PseudoTerminal terminal = pty;
            if (terminal != null) {
                try {
                    writeAtLinkRate(terminal, garbage);
                } catch (IOException e) {
                    // As for blocks.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    public void mode(Mode newMode) {
        mode = newMode;
    }

    public Mode mode() {
        return mode;
    }

    /** Last byte of each block sent whole and valid, by number. */
    public NavigableMap<Long, Instant> completed() {
        return completed;
    }

    public Instant lastByteOf(long sequence) {
        return completed.get(sequence);
    }

    /** The newest block whose last byte was written at or before {@code at}, or 0. */
    public long newestCompletedAt(Instant at) {
        Map.Entry<Instant, Long> entry = completedByTime.floorEntry(at);
        return entry == null ? 0 : entry.getValue();
    }

    /** The newest block sent whole and valid, or 0. */
    public long newestCompleted() {
        return completed.isEmpty() ? 0 : completed.lastKey();
    }

    /** Numbers of blocks cut by an unplug. */
    public Set<Long> cut() {
        return cut;
    }

    /** Numbers of blocks sent with a wrong checksum. */
    public Set<Long> corrupt() {
        return corrupt;
    }

    /** Numbers of blocks whose write failed (nobody had the port open and the terminal refused). */
    public Set<Long> failed() {
        return failed;
    }

    public boolean isPluggedIn() {
        return pty != null;
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
        PseudoTerminal terminal = pty;
        pty = null;
        try {
            sender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (terminal != null) {
            terminal.close();
        }
    }
}
