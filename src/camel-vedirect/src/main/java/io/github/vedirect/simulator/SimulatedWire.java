package io.github.vedirect.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Both lines of a simulated device's VE.Direct port: what it sends (its ticks, one per second of
 * device time) and what the host writes to it (HEX commands), with the device's answers spliced into
 * the byte stream where a real device would put them: at the point the host has read up to when the
 * firmware answers at once (older firmware, possibly in the middle of a text block), or after the
 * text block being sent (MPPT firmware 1.53 and later).
 *
 * <p>Pacing is the caller's business: {@link #read} hands out the bytes of the next tick as soon as the
 * current one is used up, so a test can run days of device time quickly and a byte source can sleep
 * between ticks. Not thread-safe.
 */
public final class SimulatedWire {

    private static final byte[] CHECKSUM_LABEL = "Checksum\t".getBytes(StandardCharsets.US_ASCII);

    private final SimulatedDevice device;
    private final Instant start;
    private long ticks;
    private Instant now;
    private byte[] pending = new byte[0];
    private int position;
    /** Index just after the current tick's text block (its checksum byte), or -1 if the tick has none. */
    private int textEnd = -1;

    public SimulatedWire(SimulatedDevice device, Instant start) {
        this.device = device;
        this.start = start;
        this.now = start;
    }

    /** Up to {@code max} bytes the device sends next; starts the next tick when this one is used up. Never empty for max > 0 unless a tick is. */
    public byte[] read(int max) {
        if (position == pending.length) {
            now = start.plusSeconds(ticks++);
            pending = device.nextTick(now);
            position = 0;
            textEnd = textEnd(pending);
        }
        int n = Math.min(max, pending.length - position);
        byte[] bytes = Arrays.copyOfRange(pending, position, position + n);
        position += n;
        return bytes;
    }

    /** Bytes of the current tick not read yet, answers spliced in included; 0 when the next read starts a new tick. */
    public int available() {
        return pending.length - position;
    }

    /** The rest of the current tick, or the whole next one when the current is used up. */
    public byte[] readTick() {
        return read(Integer.MAX_VALUE);
    }

    /** Bytes from the host to the device; a device without a HEX side ignores them, as a text-only device does. */
    public void write(byte[] fromHost) {
        HexResponder hex = device.hex();
        if (hex == null) {
            return;
        }
        byte[] answer = hex.receive(fromHost, now);
        if (answer.length == 0) {
            return;
        }
        int at = hex.repliesMidBlock() || textEnd < 0 ? position : Math.max(position, textEnd);
        byte[] spliced = new byte[pending.length + answer.length];
        System.arraycopy(pending, 0, spliced, 0, at);
        System.arraycopy(answer, 0, spliced, at, answer.length);
        System.arraycopy(pending, at, spliced, at + answer.length, pending.length - at);
        pending = spliced;
        if (textEnd >= at) {
            textEnd += answer.length;
        }
    }

    /** The device time of the tick being sent. */
    public Instant now() {
        return now;
    }

    public SimulatedDevice device() {
        return device;
    }

    private static int textEnd(byte[] bytes) {
        outer:
        for (int i = 0; i + CHECKSUM_LABEL.length < bytes.length; i++) {
            for (int j = 0; j < CHECKSUM_LABEL.length; j++) {
                if (bytes[i + j] != CHECKSUM_LABEL[j]) {
                    continue outer;
                }
            }
            return i + CHECKSUM_LABEL.length + 1;
        }
        return -1;
    }
}
